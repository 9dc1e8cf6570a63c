package io.spikestream.dvs.images;

import java.io.IOException;
import java.util.List;

/**
 * An indexed collection of labelled images. Implementations are safe for concurrent {@link #get}.
 */
public interface ImageSource {

  /** Number of images. */
  int size();

  /** Class names in class-index order. */
  List<String> classNames();

  /** Image {@code index} (0-based). */
  LabeledImage get(int index) throws IOException;

  /** One line naming the source (kind and files), for manifests and logs. */
  String describe();
}
