package io.zabd.engine.log;

import java.nio.file.Path;

/**
 * What a read-only scan found in one segment file (see {@link SegmentScanner}).
 *
 * @param path                 the file
 * @param nameZxid             first zxid from the file name
 * @param fileSizeBytes        actual file size
 * @param headerSegmentSize    segment size the header states, or -1 if the header is unreadable
 * @param headerProblem        what is wrong with the header, or null
 * @param recordCount          whole, valid records from the start of the data
 * @param lastZxid             zxid of the last of them, or the previous segment's last zxid if none
 * @param dataEnd              offset just after the last valid record (where the next one would go)
 * @param badOffset            offset of the first bad record (bad length, torn, CRC, zxid order), or -1
 * @param badReason            why it is bad, or null
 * @param intactButInvalid     the bad record has a valid CRC but breaks a rule (zxid order, or a length
 *                             above recordPayloadBytesMax): never a torn write, always corruption
 * @param validAfterBadOffset  offset of a valid record found after {@code dataEnd}, or -1
 * @param dirtyEnd             offset just after the last non-zero byte at or after {@code dataEnd}
 *                             ({@code dataEnd} when everything after it is zero)
 */
public record SegmentScan(Path path, long nameZxid, long fileSizeBytes, long headerSegmentSize, String headerProblem,
        int recordCount, long lastZxid, long dataEnd, long badOffset, String badReason, boolean intactButInvalid,
        long validAfterBadOffset, long dirtyEnd) {

    /** Nothing after the valid records: no bad record, no stray bytes, a sound header, full size. */
    public boolean clean() {
        return headerProblem == null && badOffset < 0 && dirtyEnd == dataEnd && validAfterBadOffset < 0;
    }

    /** The file is shorter than its header says (cut), so the repair must extend it again. */
    public boolean shortFile() {
        return headerSegmentSize > 0 && fileSizeBytes < headerSegmentSize;
    }
}
