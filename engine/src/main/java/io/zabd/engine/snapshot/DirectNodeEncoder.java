package io.zabd.engine.snapshot;

import io.zabd.engine.jute.JuteWriter;
import io.zabd.engine.tree.NodeImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes node keys and values ({@link SnapshotCodec}'s layouts) into two reused direct buffers, so
 * a snapshot batch is filled without a heap array per entry: a 45,000-node delta used to allocate
 * ~10 MB, and the young collections that garbage triggers stop every thread, the request path
 * included, while a snapshot is being written. Each buffer grows to the largest entry seen. Not
 * thread-safe: the store's write lock owns it. A returned buffer is valid until the next call.
 */
final class DirectNodeEncoder {
    static final int INITIAL_BYTES = 4096;
    /** UTF-8 takes at most three bytes per UTF-16 char (a surrogate pair: four bytes for two chars). */
    private static final int UTF8_BYTES_PER_CHAR_MAX = 3;

    private ByteBuffer key = ByteBuffer.allocateDirect(INITIAL_BYTES);
    private ByteBuffer value = ByteBuffer.allocateDirect(INITIAL_BYTES);
    private final UnsafeBuffer valueMemory = new UnsafeBuffer(value);
    private final JuteWriter writer = new JuteWriter(valueMemory, 0);

    /** The nodes key of {@code path} (its UTF-8 bytes, as {@link SnapshotCodec#pathKey}), position 0. */
    ByteBuffer key(String path) {
        int chars = path.length();
        if ((long) chars * UTF8_BYTES_PER_CHAR_MAX > key.capacity()) {
            key = ByteBuffer.allocateDirect(Math.max(chars * UTF8_BYTES_PER_CHAR_MAX, 2 * key.capacity()));
        }
        key.clear();
        for (int i = 0; i < chars; i++) {
            char c = path.charAt(i);
            if (c >= 0x80) {
                key.clear();
                key.put(path.getBytes(StandardCharsets.UTF_8));
                break;
            }
            key.put((byte) c);
        }
        key.flip();
        return key;
    }

    /** The nodes value of {@code node} (as {@link SnapshotCodec#nodeValue}), position 0. */
    ByteBuffer nodeValue(NodeImage node) {
        int needed = SnapshotCodec.NODE_VALUE_FIXED_BYTES + (node.data() == null ? 0 : node.data().length);
        if (needed > value.capacity()) {
            value = ByteBuffer.allocateDirect(Math.max(needed, 2 * value.capacity()));
            valueMemory.wrap(value);
        }
        writer.wrap(valueMemory, 0);
        SnapshotCodec.writeNodeValue(node, writer);
        value.clear();
        value.limit(writer.position());
        return value;
    }
}
