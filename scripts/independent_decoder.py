#!/usr/bin/env python3
"""Independent decoder of the event formats spikestream reads, written from the format specs
(not from the Java code), so that tests can compare the Java readers with it.

Formats (see DESIGN section 4 and dvs/src/main/java/io/spikestream/dvs/io/package-info.java):
  * AEDAT 2.0 DVS128 (jAER): '#' header lines (first '#!AER-DAT2.0'), then big-endian uint32
    address, uint32 timestamp (us). x = 127 - ((a & 0xFE) >> 1), y = (a & 0x7F00) >> 8,
    ON = 1 - (a & 1); address bit 0x8000 = external/special event (skipped, counted).
    32-bit timestamps unwrapped: +2^32 whenever a raw timestamp drops by more than 2^31.
  * N-MNIST .bin: 5 bytes/event: x, y, bit 7 of byte 2 = polarity (1 = ON), 23-bit big-endian us;
    y == 240 is an overflow marker adding 2^13 us to it and all later events (not an event).
  * N-MNIST .bs2 (SLAYER): same bits, no overflow marker.
  Events with x >= 34 or y >= 34 (N-MNIST) are counted as dropped.

Usage: python3 scripts/independent_decoder.py FILE...   -> one JSON object per line.
Only the standard library (struct, json) is used.
"""
import json
import struct
import sys


def summarize(fmt, width, height, events, dropped=0, special=0, markers=0, error=None):
    out = {"file": None, "format": fmt, "width": width, "height": height,
           "events": len(events), "onEvents": sum(1 for e in events if e[2]),
           "droppedEvents": dropped, "specialEvents": special, "overflowMarkers": markers}
    if events:
        xs = [e[0] for e in events]
        ys = [e[1] for e in events]
        out.update({"xMin": min(xs), "xMax": max(xs), "yMin": min(ys), "yMax": max(ys),
                    "firstTimestampMicros": events[0][3], "lastTimestampMicros": events[-1][3],
                    "sumX": sum(xs), "sumY": sum(ys), "sumTimestampMicros": sum(e[3] for e in events)})
    if error is not None:
        out["error"] = error
    return out


def decode_aedat2(data):
    if not data.startswith(b"#!AER-DAT2.0"):
        raise ValueError("no #!AER-DAT2.0 magic")
    pos = 0
    while pos < len(data) and data[pos:pos + 1] == b"#":
        nl = data.find(b"\n", pos)
        pos = len(data) if nl < 0 else nl + 1
    payload = len(data) - pos
    if payload % 8:
        return summarize("AEDAT2", 128, 128, [],
                         error="trailing bytes at offset %d" % (len(data) - payload % 8))
    events, special, wraps, prev = [], 0, 0, None
    for off in range(pos, len(data), 8):
        a, t = struct.unpack_from(">II", data, off)
        if prev is not None and prev - t > 2 ** 31:
            wraps += 2 ** 32
        prev = t
        if a & 0x8000:
            special += 1
            continue
        x = 127 - ((a & 0xFE) >> 1)
        y = (a & 0x7F00) >> 8
        events.append((x, y, 1 - (a & 1), t + wraps))
    return summarize("AEDAT2", 128, 128, events, special=special)


def decode_nmnist(data, fmt):
    if len(data) % 5:
        return summarize(fmt, 34, 34, [], error="trailing bytes at offset %d" % (len(data) - len(data) % 5))
    events, dropped, markers, base = [], 0, 0, 0
    for off in range(0, len(data), 5):
        x, y, b2, b3, b4 = struct.unpack_from(">BBBBB", data, off)
        if fmt == "NMNIST_BIN" and y == 240:
            base += 2 ** 13
            markers += 1
            continue
        if x >= 34 or y >= 34:
            dropped += 1
            continue
        t = ((b2 & 0x7F) << 16) | (b3 << 8) | b4
        events.append((x, y, b2 >> 7, t + base))
    return summarize(fmt, 34, 34, events, dropped=dropped, markers=markers)


def main(paths):
    for p in paths:
        with open(p, "rb") as f:
            data = f.read()
        if data.startswith(b"#!AER-DAT2.0"):
            out = decode_aedat2(data)
        elif p.lower().endswith(".bin"):
            out = decode_nmnist(data, "NMNIST_BIN")
        elif p.lower().endswith(".bs2"):
            out = decode_nmnist(data, "NMNIST_BS2")
        else:
            out = {"format": None, "error": "unknown format"}
        out["file"] = p.rsplit("/", 1)[-1]
        print(json.dumps(out, sort_keys=False))


if __name__ == "__main__":
    main(sys.argv[1:])
