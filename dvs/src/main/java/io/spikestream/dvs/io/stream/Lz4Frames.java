package io.spikestream.dvs.io.stream;

import io.spikestream.dvs.io.EventFormatException;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Decompresses LZ4 frames (LZ4 Frame Format 1.6: magic {@code 0x184D2204}, FLG, BD, optional
 * content size and dictionary id, header checksum; blocks of uint32 size, high bit = stored
 * uncompressed, optional block checksums; end mark 0; optional content checksum). Checksums are
 * skipped, not verified.
 *
 * <p>DV writes linked blocks (FLG block-independence bit 0): a block may copy from the up to 64 KiB
 * decoded before it. The first block of a frame and independent blocks go to lz4-java's
 * decompressor; a linked block after the first is decoded by {@link #decodeLinkedBlock}, which lets
 * matches reach back into the earlier output of the frame.
 */
final class Lz4Frames {

  private static final int MAGIC = 0x184D2204;

  private final LZ4SafeDecompressor lz4 = LZ4Factory.fastestInstance().safeDecompressor();

  /** Output of the last call; valid in {@code [0, length)}. */
  byte[] out = new byte[1 << 16];

  /**
   * Decompresses the frame(s) in {@code src[off, off + len)} into {@link #out}.
   *
   * @param fileOffset offset of {@code src[off]} in its file or stream, for error messages
   * @return the decompressed length
   */
  int decompress(byte[] src, int off, int len, long fileOffset) throws EventFormatException {
    int p = off;
    int end = off + len;
    int dp = 0;
    while (p < end) {
      if (end - p < 7) {
        throw error("frame header truncated", fileOffset + (p - off));
      }
      int magic = le32(src, p);
      if (magic != MAGIC) {
        throw error(String.format("bad frame magic 0x%08x", magic), fileOffset + (p - off));
      }
      int flg = src[p + 4] & 0xFF;
      if ((flg >>> 6) != 1) {
        throw error("unsupported frame version " + (flg >>> 6), fileOffset + (p - off + 4));
      }
      boolean independent = (flg & 0x20) != 0;
      boolean blockChecksum = (flg & 0x10) != 0;
      boolean contentSize = (flg & 0x08) != 0;
      boolean contentChecksum = (flg & 0x04) != 0;
      boolean dictId = (flg & 0x01) != 0;
      int bd = src[p + 5] & 0xFF;
      int sizeId = (bd >>> 4) & 0x7;
      if (sizeId < 4) {
        throw error("bad block maximum size id " + sizeId, fileOffset + (p - off + 5));
      }
      int blockMax = 1 << (8 + 2 * sizeId);
      p += 6 + (contentSize ? 8 : 0) + (dictId ? 4 : 0) + 1;
      int frameStart = dp;
      boolean first = true;
      while (true) {
        if (end - p < 4) {
          throw error("block size truncated", fileOffset + (p - off));
        }
        int raw = le32(src, p);
        p += 4;
        if (raw == 0) {
          break;
        }
        int size = raw & 0x7FFF_FFFF;
        boolean stored = raw < 0;
        if (size > end - p || size > blockMax) {
          throw error(
              "block of " + size + " bytes exceeds the packet or the frame's block maximum",
              fileOffset + (p - 4 - off));
        }
        ensure(dp + blockMax);
        long at = fileOffset + (p - off);
        if (stored) {
          System.arraycopy(src, p, out, dp, size);
          dp += size;
        } else if (independent || first) {
          try {
            dp += lz4.decompress(src, p, size, out, dp, blockMax);
          } catch (LZ4Exception e) {
            throw error("corrupt block (" + e.getMessage() + ")", at);
          }
        } else {
          dp += decodeLinkedBlock(src, p, size, out, dp, blockMax, frameStart, at);
        }
        p += size + (blockChecksum ? 4 : 0);
        first = false;
      }
      p += contentChecksum ? 4 : 0;
      if (p > end) {
        throw error("frame checksum truncated", fileOffset + len);
      }
    }
    return dp;
  }

  /**
   * Decodes one LZ4 block (sequences of token, literals, 2-byte offset, match) into {@code
   * dst[dstOff, dstOff + max)}; matches may reach back to {@code dst[prefixStart]}.
   *
   * @return the number of bytes written
   */
  static int decodeLinkedBlock(
      byte[] src, int off, int len, byte[] dst, int dstOff, int max, int prefixStart, long at)
      throws EventFormatException {
    int sp = off;
    int se = off + len;
    int dp = dstOff;
    int de = dstOff + max;
    while (true) {
      if (sp >= se) {
        throw error("block ends inside a sequence", at + (sp - off));
      }
      int token = src[sp++] & 0xFF;
      int lit = token >>> 4;
      if (lit == 15) {
        int b;
        do {
          if (sp >= se) {
            throw error("literal length truncated", at + (sp - off));
          }
          b = src[sp++] & 0xFF;
          lit += b;
        } while (b == 255);
      }
      if (lit > se - sp || lit > de - dp) {
        throw error("literals run past the block or the output", at + (sp - off));
      }
      System.arraycopy(src, sp, dst, dp, lit);
      sp += lit;
      dp += lit;
      if (sp == se) {
        return dp - dstOff;
      }
      if (se - sp < 2) {
        throw error("match offset truncated", at + (sp - off));
      }
      int offset = (src[sp] & 0xFF) | (src[sp + 1] & 0xFF) << 8;
      sp += 2;
      if (offset == 0 || offset > dp - prefixStart) {
        throw error("match offset " + offset + " outside the decoded data", at + (sp - 2 - off));
      }
      int ml = token & 15;
      if (ml == 15) {
        int b;
        do {
          if (sp >= se) {
            throw error("match length truncated", at + (sp - off));
          }
          b = src[sp++] & 0xFF;
          ml += b;
        } while (b == 255);
      }
      ml += 4;
      if (ml > de - dp) {
        throw error("match runs past the output", at + (sp - off));
      }
      int from = dp - offset;
      if (offset >= ml) {
        System.arraycopy(dst, from, dst, dp, ml);
      } else {
        // overlapping copy repeats the last `offset` bytes
        for (int i = 0; i < ml; i++) {
          dst[dp + i] = dst[from + i];
        }
      }
      dp += ml;
    }
  }

  private void ensure(int capacity) {
    if (out.length < capacity) {
      out = Arrays.copyOf(out, Math.max(capacity, out.length * 2));
    }
  }

  private static int le32(byte[] b, int p) {
    return (b[p] & 0xFF)
        | (b[p + 1] & 0xFF) << 8
        | (b[p + 2] & 0xFF) << 16
        | (b[p + 3] & 0xFF) << 24;
  }

  private static EventFormatException error(String message, long offset) {
    return new EventFormatException("AEDAT 4.0 LZ4 packet: " + message, offset);
  }
}
