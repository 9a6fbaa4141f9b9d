package io.zabd.engine.jute;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads ZooKeeper's jute binary encoding (see {@link JuteWriter}) from an Agrona buffer between a
 * position and a limit. Every read is bounds-checked against the limit and every length against
 * {@code maxLength}: malformed input raises {@link JuteException}, never an out-of-bounds read or a
 * huge allocation.
 */
public final class JuteReader {
    private static final ByteOrder ORDER = ByteOrder.BIG_ENDIAN;

    private DirectBuffer buffer;
    private int position;
    private int limit;

    public JuteReader(DirectBuffer buffer, int offset, int length) {
        wrap(buffer, offset, length);
    }

    public JuteReader(byte[] bytes) {
        this(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    public JuteReader wrap(DirectBuffer source, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > source.capacity()) {
            throw new IllegalArgumentException("range outside buffer: offset=" + offset + " length=" + length);
        }
        this.buffer = source;
        this.position = offset;
        this.limit = offset + length;
        return this;
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return limit - position;
    }

    public boolean hasRemaining() {
        return position < limit;
    }

    private void need(int n, String what) {
        if (n < 0 || limit - position < n) {
            throw new JuteException("truncated input reading " + what + ": need " + n + " bytes, have " + (limit - position));
        }
    }

    public int readInt(String what) {
        need(4, what);
        int v = buffer.getInt(position, ORDER);
        position += 4;
        return v;
    }

    public long readLong(String what) {
        need(8, what);
        long v = buffer.getLong(position, ORDER);
        position += 8;
        return v;
    }

    public boolean readBool(String what) {
        need(1, what);
        byte b = buffer.getByte(position);
        position += 1;
        return b != 0;
    }

    public byte readByte(String what) {
        need(1, what);
        return buffer.getByte(position++);
    }

    /** A length-prefixed byte buffer, or null for length -1. */
    public byte[] readBuffer(String what) {
        int len = readInt(what + ".length");
        if (len == -1) {
            return null;
        }
        if (len < -1) {
            throw new JuteException("negative length " + len + " reading " + what);
        }
        need(len, what);
        byte[] out = new byte[len];
        buffer.getBytes(position, out);
        position += len;
        return out;
    }

    /** A length-prefixed UTF-8 string, or null for length -1. */
    public String readString(String what) {
        int len = readInt(what + ".length");
        if (len == -1) {
            return null;
        }
        if (len < -1) {
            throw new JuteException("negative length " + len + " reading " + what);
        }
        need(len, what);
        String s = buffer.getStringWithoutLengthUtf8(position, len);
        position += len;
        return s;
    }

    /**
     * A vector count: -1 for null, else a count that cannot exceed what the remaining bytes could
     * hold at {@code minElementBytes} each (so a garbage count cannot make us allocate).
     */
    public int readVectorCount(String what, int minElementBytes) {
        int n = readInt(what + ".count");
        if (n == -1) {
            return -1;
        }
        if (n < -1 || (long) n * Math.max(1, minElementBytes) > remaining()) {
            throw new JuteException("bad vector count " + n + " reading " + what + " with " + remaining() + " bytes left");
        }
        return n;
    }

    public void expectEnd(String what) {
        if (position != limit) {
            throw new JuteException(what + ": " + (limit - position) + " unexpected trailing bytes");
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
