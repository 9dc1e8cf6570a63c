package io.spikestream.streams;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The model this app instance serves (DESIGN section 10): set from {@code --model FILE} and updated
 * from {@code snn.models}; only a higher version replaces the current one. Windows already open
 * keep the model they started with, so a swap happens between windows. One per app instance, passed
 * in.
 */
public final class ModelSlot {
  private final AtomicReference<LoadedModel> current = new AtomicReference<>();

  /** The model to start new windows with, or null while none is loaded. */
  public LoadedModel current() {
    return current.get();
  }

  /**
   * Offers a model; it replaces the current one when there is none or its version is higher.
   *
   * @return true when swapped in
   */
  public boolean offer(LoadedModel model) {
    while (true) {
      LoadedModel old = current.get();
      if (old != null && old.version() >= model.version()) {
        return false;
      }
      if (current.compareAndSet(old, model)) {
        return true;
      }
    }
  }
}
