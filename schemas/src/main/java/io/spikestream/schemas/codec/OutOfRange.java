package io.spikestream.schemas.codec;

/** What decoding does with an event whose x or y lies outside the packet's width or height. */
public enum OutOfRange {
  /** Skip the event and count it in {@link EventColumns#droppedOutOfRange()} (DESIGN section 4). */
  DROP,
  /**
   * Throw {@link EventPacketFormatException} with {@link
   * EventPacketFormatException.Problem#OUT_OF_RANGE}.
   */
  REJECT
}
