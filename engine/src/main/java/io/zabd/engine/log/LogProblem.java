package io.zabd.engine.log;

import java.nio.file.Path;

/**
 * One finding of a log scan.
 *
 * @param kind         what sort of problem, and so what recovery does with it
 * @param file         the file concerned
 * @param offset       byte offset in the file where it starts (-1 for a whole file)
 * @param lastGoodZxid zxid of the last valid record before it (0 if none)
 * @param bytes        bytes a repair drops or zeroes (0 for corruption, which is never repaired)
 * @param detail       what exactly is wrong
 */
public record LogProblem(Kind kind, Path file, long offset, long lastGoodZxid, long bytes, String detail) {

    public enum Kind {
        /** A torn or CRC-failing end of the last segment with records: recovery cuts it back. */
        TORN_TAIL,
        /** A segment after the last record (created, then a crash before its first record): deleted. */
        TRAILING_SEGMENT,
        /** A segment file left half-created ({@code .tmp}): deleted. */
        TEMPORARY_FILE,
        /** Damage followed by valid records, a bad header, or zxids out of order: the log refuses to open. */
        CORRUPTION
    }

    public boolean repairable() {
        return kind != Kind.CORRUPTION;
    }

    @Override
    public String toString() {
        return kind + " in " + file + (offset >= 0 ? " at offset " + offset : "") + ", last good zxid 0x"
                + Long.toHexString(lastGoodZxid) + (bytes > 0 ? ", " + bytes + " bytes" : "") + ": " + detail;
    }
}
