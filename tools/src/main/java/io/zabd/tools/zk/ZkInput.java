package io.zabd.tools.zk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.Adler32;

/**
 * Reads jute-encoded values (big-endian int and long, length-prefixed buffer and ustring) from a
 * stream, counting the offset and keeping a running Adler32 over every byte consumed, which is how
 * ZooKeeper seals its snapshots. Truncation and over-limit lengths raise {@link ZkFormatException}
 * naming the file and offset. Not thread-safe: one reader per file.
 */
final class ZkInput {
    private final InputStream in;
    private final Path file;
    private final ZkLimits limits;
    private final Adler32 adler;
    private final byte[] scratch = new byte[8];
    private long offset;

    ZkInput(InputStream in, Path file, ZkLimits limits) {
        this(in, file, limits, new Adler32(), 0);
    }

    private ZkInput(InputStream in, Path file, ZkLimits limits, Adler32 adler, long offset) {
        this.in = in;
        this.file = file;
        this.limits = limits;
        this.adler = adler;
        this.offset = offset;
    }

    /**
     * Reads what is left of the stream, up to {@code max} bytes, without counting it: the caller
     * re-reads it through {@link #continueWith}.
     */
    byte[] drainUnchecked(int max) throws IOException {
        return in.readNBytes(max);
    }

    /** A reader over {@code rest} that carries on this reader's offset and running checksum. */
    ZkInput continueWith(InputStream rest) {
        return new ZkInput(rest, file, limits, adler, offset);
    }

    long offset() {
        return offset;
    }

    Path file() {
        return file;
    }

    /** Adler32 of every byte consumed so far. */
    long checksum() {
        return adler.getValue();
    }

    ZkFormatException error(String problem) {
        return new ZkFormatException(file, offset, problem);
    }

    /**
     * True when the stream ends exactly here (used for the optional trailing snapshot sections).
     * Does not consume anything when more data follows.
     */
    boolean atEnd() throws IOException {
        if (!in.markSupported()) {
            throw new IllegalStateException("ZkInput needs a stream that supports mark");
        }
        in.mark(1);
        int b = in.read();
        if (b < 0) {
            return true;
        }
        in.reset();
        return false;
    }

    /** Reads exactly {@code n} bytes or fails naming what was being read. */
    void readFully(byte[] into, int n, String what) throws IOException {
        int got = 0;
        while (got < n) {
            int r = in.read(into, got, n - got);
            if (r < 0) {
                adler.update(into, 0, got);
                offset += got;
                throw error("truncated: end of file inside " + what + " (" + got + " of " + n + " bytes)");
            }
            got += r;
        }
        adler.update(into, 0, n);
        offset += n;
    }

    int readInt(String what) throws IOException {
        readFully(scratch, 4, what);
        return ((scratch[0] & 0xff) << 24) | ((scratch[1] & 0xff) << 16) | ((scratch[2] & 0xff) << 8)
                | (scratch[3] & 0xff);
    }

    long readLong(String what) throws IOException {
        readFully(scratch, 8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (scratch[i] & 0xff);
        }
        return v;
    }

    byte readByte(String what) throws IOException {
        readFully(scratch, 1, what);
        return scratch[0];
    }

    /** A length-prefixed buffer; null for length -1. */
    byte[] readBuffer(String what) throws IOException {
        long at = offset;
        int len = readInt(what + " length");
        if (len == -1) {
            return null;
        }
        if (len < -1 || len > limits.maxBufferBytes()) {
            throw new ZkFormatException(file, at, "bad length " + len + " for " + what + " (limit "
                    + limits.maxBufferBytes() + ")");
        }
        byte[] out = new byte[len];
        readFully(out, len, what);
        return out;
    }

    /** A length-prefixed UTF-8 string; null for length -1. */
    String readString(String what) throws IOException {
        byte[] b = readBuffer(what);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** A count (vector length or table size), checked against {@link ZkLimits#maxCount()}; -1 allowed when {@code nullable}. */
    int readCount(String what, boolean nullable) throws IOException {
        long at = offset;
        int n = readInt(what + " count");
        if ((n == -1 && nullable) || (n >= 0 && n <= limits.maxCount())) {
            return n;
        }
        throw new ZkFormatException(file, at, "bad count " + n + " for " + what + " (limit " + limits.maxCount() + ")");
    }
}
