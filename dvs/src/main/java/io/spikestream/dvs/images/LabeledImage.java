package io.spikestream.dvs.images;

/**
 * One image of a source with its class.
 *
 * @param index position in the source, 0-based
 * @param label class index into the source's class names
 * @param image the pixels
 */
public record LabeledImage(int index, int label, GrayImage image) {}
