/**
 * Labelled still images as input for the image-to-event emulator: IDX files (MNIST, Fashion-MNIST,
 * raw or gzip), CIFAR-10 binary batches (converted to grayscale) and folders of PNG images, one
 * folder per class. Everything is 8-bit grayscale ({@link io.spikestream.dvs.images.GrayImage}).
 */
package io.spikestream.dvs.images;
