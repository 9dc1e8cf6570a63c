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
  * Prophesee RAW ('%' header lines; '% evt 2.0' / '% evt 3.0' or '% format EVT2|EVT3;...'):
    EVT 2.0 little-endian 32-bit words, type = bits 31..28: 0/1 CD OFF/ON (t low 6 bits 27..22,
    x 21..11, y 10..0), 8 TIME_HIGH (bits 27..0 = t bits 33..6), 0xA trigger, 0xE/0xF other.
    EVT 3.0 little-endian 16-bit words, type = bits 15..12: 0 ADDR_Y, 2 ADDR_X (pol bit 11),
    3 VECT_BASE_X (pol bit 11), 4 VECT_12 (12-bit mask, base += 12), 5 VECT_8 (8-bit mask,
    base += 8), 6 TIME_LOW (t bits 11..0), 8 TIME_HIGH (t bits 23..12), 0xA trigger,
    7/0xE/0xF other. A time high that falls by more than half its range is a wrap. Events
    before the first TIME_HIGH have no time base: dropped (counted).
  * Prophesee DAT: '%' header, 1 byte event type, 1 byte event size, then records of uint32 t,
    uint32 address: x bits 13..0, y bits 27..14, polarity bits 31..28 (non-zero = ON).
  * Geometry of Prophesee files: '% geometry WxH', else width=/height= in the format line,
    else '% Width'/'% Height', else by plugin_name (genx320 320x320, gen4*/imx636 1280x720,
    gen3* 640x480), else DAT 304x240 (ATIS Gen1), RAW 2048x2048.
  * AEDAT 4.0: '#!AER-DAT4.0\r\n', int32 size + IOHeader flatbuffer (compression, data table
    position, infoNode XML with the streams), packets int32 stream id, int32 size, body (LZ4 frame
    / zstd frame / raw) = size-prefixed EventPacket flatbuffer 'EVTS' with a vector of 16-byte
    Event structs (int64 t, int16 x, int16 y, bool on); packets of other streams are counted.
  * AEDAT 3.1: '#' header ending '#!END-HEADER', packets of a 28-byte header (type, source, size,
    ts offset, ts overflow, capacity, number, valid) and capacity * size bytes; polarity events
    (type 1): data bit 0 valid, bit 1 ON, y bits 16..2, x bits 31..17, t = overflow << 31 | ts.

Usage: python3 scripts/independent_decoder.py FILE...   -> one JSON object per line.
The standard library (struct, json, xml) is used; AEDAT 4.0 packets need the lz4 and zstandard
modules (Debian: python3-lz4, python3-zstandard; run with /usr/bin/python3).
"""
import json
import re
import struct
import sys
import xml.etree.ElementTree as ET


def summarize(fmt, width, height, events, dropped=0, special=0, markers=0, error=None, other=0):
    out = {"file": None, "format": fmt, "width": width, "height": height,
           "events": len(events), "onEvents": sum(1 for e in events if e[2]),
           "droppedEvents": dropped, "specialEvents": special, "overflowMarkers": markers,
           "otherRecords": other}
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


def prophesee_header(data):
    pos, lines = 0, []
    while pos < len(data) and data[pos:pos + 1] == b"%":
        nl = data.find(b"\n", pos)
        end = len(data) if nl < 0 else nl + 1
        lines.append(data[pos + 1:end].decode("ascii", "replace").strip())
        pos = end
    return lines, pos


def prophesee_format(lines, name):
    for l in lines:
        s = l.lower()
        if s.startswith("evt "):
            return {"2.0": "EVT2", "3.0": "EVT3"}.get(s[4:].strip())
        if s.startswith("format "):
            v = s[7:].strip()
            return "EVT2" if v.split(";")[0] == "evt2" else "EVT3" if v.split(";")[0] == "evt3" else None
    if any(l.lower().startswith(("version", "data file containing")) for l in lines) \
            or name.lower().endswith(".dat"):
        return "PROPHESEE_DAT"
    return None


def prophesee_geometry(lines, fmt):
    w = h = None
    plugin = ""
    for l in lines:
        s = l.lower()
        m = re.match(r"^geometry\s+(\d+)\s*x\s*(\d+)", s)
        if m:
            return int(m.group(1)), int(m.group(2))
        if s.startswith("format "):
            mw, mh = re.search(r"width=(\d+)", s), re.search(r"height=(\d+)", s)
            if mw and mh:
                return int(mw.group(1)), int(mh.group(1))
        if re.match(r"^width\s+\d+$", s):
            w = int(s.split()[1])
        if re.match(r"^height\s+\d+$", s):
            h = int(s.split()[1])
        if s.startswith("plugin_name "):
            plugin = s[12:].strip()
    if w and h:
        return w, h
    if "genx320" in plugin:
        return 320, 320
    if "gen4" in plugin or "imx636" in plugin:
        return 1280, 720
    if "gen3" in plugin:
        return 640, 480
    return (304, 240) if fmt == "PROPHESEE_DAT" else (2048, 2048)


def decode_evt2(data, pos, width, height):
    if (len(data) - pos) % 4:
        return None, "trailing bytes at offset %d" % (len(data) - (len(data) - pos) % 4)
    events, dropped, special, other = [], 0, 0, 0
    base, prev_high, wraps = None, None, 0
    for i, (w,) in enumerate(struct.iter_unpack("<I", data[pos:])):
        typ = w >> 28
        if typ in (0, 1):
            if base is None:
                dropped += 1
                continue
            x, y = (w >> 11) & 0x7FF, w & 0x7FF
            if x >= width or y >= height:
                dropped += 1
                continue
            events.append((x, y, typ, base + ((w >> 22) & 0x3F)))
        elif typ == 8:
            raw = w & 0x0FFFFFFF
            if prev_high is not None and prev_high - raw > 2 ** 27:
                wraps += 2 ** 34
            prev_high = raw
            base = (raw << 6) + wraps
        elif typ == 0xA:
            special += 1
        elif typ in (0xE, 0xF):
            other += 1
        else:
            return None, "unknown word type 0x%x at offset %d" % (typ, pos + 4 * i)
    return (events, dropped, special, other), None


def decode_evt3(data, pos, width, height):
    n = (len(data) - pos) // 2
    if (len(data) - pos) % 2:
        return None, "trailing bytes at offset %d" % (len(data) - 1)
    events, dropped, special, other = [], 0, 0, 0
    y = bx = pol = 0
    low, high, prev_high, wraps = 0, None, None, 0

    def emit(x):
        nonlocal dropped
        if high is None:
            dropped += 1
        elif x >= width or y >= height:
            dropped += 1
        else:
            events.append((x, y, pol, wraps + (high << 12) + low))

    for i, (w,) in enumerate(struct.iter_unpack("<H", data[pos:pos + 2 * n])):
        typ = w >> 12
        if typ == 0x0:
            y = w & 0x7FF
        elif typ == 0x2:
            pol_saved = pol
            pol = (w >> 11) & 1
            emit(w & 0x7FF)
            pol = pol_saved
        elif typ == 0x3:
            bx, pol = w & 0x7FF, (w >> 11) & 1
        elif typ in (0x4, 0x5):
            bits = 12 if typ == 0x4 else 8
            for b in range(bits):
                if (w >> b) & 1:
                    emit(bx + b)
            bx += bits
        elif typ == 0x6:
            low = w & 0xFFF
        elif typ == 0x8:
            raw = w & 0xFFF
            if prev_high is not None and prev_high - raw > 2048:
                wraps += 2 ** 24
            prev_high = raw
            high = raw
        elif typ == 0xA:
            special += 1
        elif typ in (0x7, 0xE, 0xF):
            other += 1
        else:
            return None, "unknown word type 0x%x at offset %d" % (typ, pos + 2 * i)
    return (events, dropped, special, other), None


def decode_prophesee(data, name):
    lines, pos = prophesee_header(data)
    fmt = prophesee_format(lines, name)
    if fmt is None:
        return {"format": None, "error": "unsupported Prophesee header"}
    width, height = prophesee_geometry(lines, fmt)
    if fmt == "PROPHESEE_DAT":
        etype, esize = data[pos], data[pos + 1]
        pos += 2
        if (len(data) - pos) % esize:
            return summarize(fmt, width, height, [], error="trailing bytes at offset %d"
                             % (len(data) - (len(data) - pos) % esize))
        events, dropped, prev, wraps = [], 0, None, 0
        for off in range(pos, len(data), esize):
            t, a = struct.unpack_from("<II", data, off)
            if prev is not None and prev - t > 2 ** 31:
                wraps += 2 ** 32
            prev = t
            x, y, p = a & 0x3FFF, (a >> 14) & 0x3FFF, a >> 28
            if x >= width or y >= height:
                dropped += 1
                continue
            events.append((x, y, 1 if p else 0, t + wraps))
        return summarize(fmt, width, height, events, dropped=dropped)
    result, error = (decode_evt2 if fmt == "EVT2" else decode_evt3)(data, pos, width, height)
    if error:
        return summarize(fmt, width, height, [], error=error)
    events, dropped, special, other = result
    return summarize(fmt, width, height, events, dropped=dropped, special=special, other=other)


def fb_table(buf, table):
    """(table, field -> absolute position or None) of a flatbuffer table."""
    vt = table - struct.unpack_from("<i", buf, table)[0]
    vsize, _ = struct.unpack_from("<HH", buf, vt)
    def field(i):
        if 4 + 2 * i + 2 > vsize:
            return None
        o = struct.unpack_from("<H", buf, vt + 4 + 2 * i)[0]
        return table + o if o else None
    return field


def decode_aedat4(data):
    import lz4.frame
    import zstandard
    pos = data.index(b"\n") + 1
    size = struct.unpack_from("<I", data, pos)[0]
    hb = data[pos + 4:pos + 4 + size]
    field = fb_table(hb, struct.unpack_from("<I", hb, 0)[0])
    f0, f1, f2 = field(0), field(1), field(2)
    compression = struct.unpack_from("<i", hb, f0)[0] if f0 else 0
    table_pos = struct.unpack_from("<q", hb, f1)[0] if f1 else -1
    xml = ""
    if f2:
        s = f2 + struct.unpack_from("<I", hb, f2)[0]
        xml = hb[s + 4:s + 4 + struct.unpack_from("<I", hb, s)[0]].decode("utf-8")
    streams = []
    for node in ET.fromstring(xml).iter("node"):
        attrs = {a.get("key"): (a.text or "").strip() for a in node.findall("attr")}
        if "typeIdentifier" in attrs:
            info = [n for n in node.findall("node") if n.get("name") == "info"]
            ia = {a.get("key"): (a.text or "").strip() for a in info[0].findall("attr")} if info else {}
            streams.append((int(node.get("name")), attrs["typeIdentifier"],
                            int(ia.get("sizeX", -1)), int(ia.get("sizeY", -1))))
    ev = [s for s in streams if s[1] == "EVTS"][0]
    sid, width, height = ev[0], ev[2], ev[3]
    p = pos + 4 + size
    end = table_pos if table_pos >= 0 else len(data)
    events, dropped, other = [], 0, 0
    while p < end:
        stream, length = struct.unpack_from("<iI", data, p)
        body = data[p + 8:p + 8 + length]
        if len(body) < length:
            return summarize("AEDAT4", width, height, [], error="truncated packet at offset %d" % p)
        p += 8 + length
        if stream != sid:
            other += 1
            continue
        if compression in (1, 2):
            raw = lz4.frame.decompress(body)
        elif compression in (3, 4):
            raw = zstandard.ZstdDecompressor().decompressobj().decompress(body)
        else:
            raw = body
        fb = raw[4:] if struct.unpack_from("<I", raw, 0)[0] == len(raw) - 4 else raw
        assert fb[4:8] == b"EVTS", fb[4:8]
        f = fb_table(fb, struct.unpack_from("<I", fb, 0)[0])(0)
        if f is None:
            continue
        v = f + struct.unpack_from("<I", fb, f)[0]
        count = struct.unpack_from("<I", fb, v)[0]
        for t, x, y, on in struct.iter_unpack("<qhhB3x", fb[v + 4:v + 4 + 16 * count]):
            if not (0 <= x < width and 0 <= y < height):
                dropped += 1
                continue
            events.append((x, y, 1 if on else 0, t))
    return summarize("AEDAT4", width, height, events, dropped=dropped, other=other)


def decode_aedat31(data):
    pos, source = 0, ""
    while True:
        nl = data.index(b"\n", pos)
        line = data[pos:nl].decode("ascii", "replace").strip()
        pos = nl + 1
        if line.startswith("#Source ") and not source:
            source = line.split(":", 1)[1].strip().upper()
        if line == "#!END-HEADER":
            break
    sizes = {"DVS128": (128, 128), "DAVIS240": (240, 180), "DAVIS346": (346, 260),
             "DAVIS640": (640, 480), "DVXPLORER": (640, 480)}
    width, height = next((v for k, v in sizes.items() if source.startswith(k)), (32767, 32767))
    events, dropped, special, other = [], 0, 0, 0
    while pos + 28 <= len(data):
        etype, _, esize, tsoff, tsover, cap, num, _ = struct.unpack_from("<hhiiiiii", data, pos)
        body = pos + 28
        pos = body + cap * esize
        if etype == 1:
            for i in range(num):
                d, = struct.unpack_from("<I", data, body + i * esize)
                t, = struct.unpack_from("<i", data, body + i * esize + tsoff)
                if not d & 1:
                    other += 1
                    continue
                x, y = (d >> 17) & 0x7FFF, (d >> 2) & 0x7FFF
                if x >= width or y >= height:
                    dropped += 1
                    continue
                events.append((x, y, (d >> 1) & 1, (tsover << 31) | t))
        elif etype == 0:
            special += num
        else:
            other += 1
    if pos != len(data):
        return summarize("AEDAT31", width, height, [], error="trailing bytes at offset %d" % pos)
    return summarize("AEDAT31", width, height, events, dropped=dropped, special=special, other=other)


def main(paths):
    for p in paths:
        with open(p, "rb") as f:
            data = f.read()
        if data.startswith(b"#!AER-DAT2.0"):
            out = decode_aedat2(data)
        elif data.startswith(b"#!AER-DAT4.0"):
            out = decode_aedat4(data)
        elif data.startswith(b"#!AER-DAT3.1"):
            out = decode_aedat31(data)
        elif data[:1] == b"%":
            out = decode_prophesee(data, p)
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
