package io.spikestream.streams;

import io.spikestream.schemas.EventPacket;
import io.spikestream.schemas.codec.EventColumns;

/**
 * A packet that passed validation, with its events already unpacked (in-process only, never
 * serialised). The columns are a reused buffer, valid only during the forward call.
 *
 * @param packet the decoded record
 * @param events its events inside the sensor geometry
 */
record ValidPacket(EventPacket packet, EventColumns events) {}
