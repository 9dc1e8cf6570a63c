package io.spikestream.dvs.images;

import java.util.List;

/** Class names of the image datasets the emulator reads, in class-index order. */
public final class ClassNames {

  private ClassNames() {}

  /** MNIST: the digits. */
  public static final List<String> MNIST =
      List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  /** Fashion-MNIST (Xiao et al. 2017). */
  public static final List<String> FASHION_MNIST =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  /** CIFAR-10, also the CIFAR10-DVS folder names (DESIGN section 4). */
  public static final List<String> CIFAR10 =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
}
