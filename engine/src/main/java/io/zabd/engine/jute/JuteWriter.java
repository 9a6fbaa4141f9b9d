package io.zabd.engine.jute;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Writes ZooKeeper's jute binary encoding: big-endian int (4 B) and long (8 B), boolean as one byte,
 * ustring and buffer as an int length then the bytes (-1 for null), vector as an int count (-1 for
 * null) then the elements. Writes into an Agrona buffer at a moving position; an
 * {@link ExpandableArrayBuffer} grows as needed, a fixed buffer throws when full.
 */
public final class JuteWriter {
    private static final ByteOrder ORDER = ByteOrder.BIG_ENDIAN;

    private MutableDirectBuffer buffer;
    private int position;

    public JuteWriter() {
        this(new ExpandableArrayBuffer(256), 0);
    }

    public JuteWriter(MutableDirectBuffer buffer, int position) {
        this.buffer = buffer;
        this.position = position;
    }

    /** Points this writer at another buffer and position, for reuse without allocation. */
    public JuteWriter wrap(MutableDirectBuffer target, int at) {
        this.buffer = target;
        this.position = at;
        return this;
    }

    public MutableDirectBuffer buffer() {
        return buffer;
    }

    public int position() {
        return position;
    }

    public void position(int newPosition) {
        this.position = newPosition;
    }

    public JuteWriter writeInt(int v) {
        buffer.putInt(position, v, ORDER);
        position += 4;
        return this;
    }

    public JuteWriter writeLong(long v) {
        buffer.putLong(position, v, ORDER);
        position += 8;
        return this;
    }

    public JuteWriter writeBool(boolean v) {
        buffer.putByte(position, v ? (byte) 1 : (byte) 0);
        position += 1;
        return this;
    }

    public JuteWriter writeByte(byte v) {
        buffer.putByte(position, v);
        position += 1;
        return this;
    }

    public JuteWriter writeBuffer(byte[] bytes) {
        if (bytes == null) {
            return writeInt(-1);
        }
        writeInt(bytes.length);
        buffer.putBytes(position, bytes);
        position += bytes.length;
        return this;
    }

    public JuteWriter writeString(String s) {
        if (s == null) {
            return writeInt(-1);
        }
        return writeBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Raw bytes with no length prefix. */
    public JuteWriter writeRaw(byte[] bytes, int offset, int length) {
        buffer.putBytes(position, bytes, offset, length);
        position += length;
        return this;
    }

    /** A copy of what was written from {@code from} to the current position. */
    public byte[] toByteArray(int from) {
        byte[] out = new byte[position - from];
        buffer.getBytes(from, out);
        return out;
    }
}
