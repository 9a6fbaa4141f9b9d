package io.zabd.engine.log;

/** How the log writer makes appended records durable. Reads always go through a memory mapping. */
public enum ForceMode {
    /**
     * Records are copied into the segment's memory mapping and the written range is forced with
     * {@code MappedByteBuffer.force(index, length)} (msync of that range).
     */
    MAPPED,
    /**
     * Records are staged in a direct buffer, written with positional {@code FileChannel.write} and
     * forced with {@code FileChannel.force(false)} (fdatasync).
     */
    CHANNEL
}
