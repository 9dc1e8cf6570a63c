package io.spikestream.schemas.serde;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic as a typed value: its name and the serdes of its keys and values (STYLE item 4).
 *
 * @param name topic name, non-blank
 * @param keySerde serde of the record keys
 * @param valueSerde serde of the record values
 * @param <K> key type
 * @param <V> value type
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
  public Topic {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank, got '" + name + "'");
    }
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
  }

  /** The same topic under another name. */
  public Topic<K, V> withName(String newName) {
    return new Topic<>(newName, keySerde, valueSerde);
  }
}
