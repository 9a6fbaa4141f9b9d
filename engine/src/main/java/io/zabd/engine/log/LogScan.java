package io.zabd.engine.log;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Read-only verification of a log directory: scans every segment in zxid order and classifies what
 * it finds (see {@link LogProblem.Kind}). Never modifies a file, so tools may run it on a live or
 * damaged log; {@link TxnLog#open} runs the same scan and then repairs what is repairable.
 *
 * <p>Rules: let L be the last segment holding at least one valid record.
 * <ul>
 *   <li>Before L every segment must be clean: a sound header, records from the start to a zero
 *       length, zeros after. Anything else is corruption (valid records follow it).
 *   <li>In L, a bad record or stray bytes after the last valid record is a torn tail, unless a valid
 *       record is found anywhere after it in L (corruption). A bad header or a zxid out of order with
 *       a valid CRC is always corruption.
 *   <li>Segments after L hold no valid record: trailing segments (created, then a crash before their
 *       first record was durable), deleted by recovery.
 * </ul>
 */
public final class LogScan {
    private final Path directory;
    private final List<SegmentScan> segments;
    private final List<Path> temporaryFiles;
    private final List<LogProblem> problems = new ArrayList<>();
    private final int lastWithRecords;

    private LogScan(Path directory, List<SegmentScan> segments, List<Path> temporaryFiles) {
        this.directory = directory;
        this.segments = List.copyOf(segments);
        this.temporaryFiles = List.copyOf(temporaryFiles);
        int last = -1;
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).recordCount() > 0) {
                last = i;
            }
        }
        this.lastWithRecords = last;
        classify();
    }

    /** Scans {@code directory}; a missing directory is an empty log. */
    public static LogScan scan(Path directory, int recordPayloadBytesMax) throws IOException {
        TreeMap<Long, Path> byZxid = new TreeMap<>(Long::compareUnsigned);
        List<Path> temporary = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    long zxid = LogFormat.parseSegmentName(name);
                    if (zxid >= 0) {
                        byZxid.put(zxid, file);
                    } else if (name.startsWith(LogFormat.SEGMENT_PREFIX) && name.endsWith(LogFormat.TEMPORARY_SUFFIX)) {
                        temporary.add(file);
                    }
                }
            }
        }
        SegmentScanner scanner = new SegmentScanner(recordPayloadBytesMax);
        List<SegmentScan> scans = new ArrayList<>();
        long previousLast = 0;
        for (var entry : byZxid.entrySet()) {
            SegmentScan s = scanner.scan(entry.getValue(), entry.getKey(), previousLast);
            scans.add(s);
            previousLast = s.lastZxid();
        }
        return new LogScan(directory, scans, temporary);
    }

    private void classify() {
        for (Path tmp : temporaryFiles) {
            String name = tmp.getFileName().toString();
            String what = name.equals(LogFormat.SPARE_NAME) ? "next segment being preallocated (or left so by a crash)"
                    : LogFormat.isSpareName(name) ? "purged segment kept for reuse as a later segment"
                    : "segment file left half-created";
            problems.add(new LogProblem(LogProblem.Kind.TEMPORARY_FILE, tmp, -1, 0, 0, what));
        }
        long previousLast = 0;
        for (int i = 0; i < segments.size(); i++) {
            SegmentScan s = segments.get(i);
            if (i < lastWithRecords) {
                classifyBeforeLast(s, previousLast);
            } else if (i == lastWithRecords) {
                classifyLast(s, previousLast);
            } else {
                classifyTrailing(s, previousLast);
            }
            previousLast = s.lastZxid();
        }
    }

    private void classifyBeforeLast(SegmentScan s, long previousLast) {
        if (s.headerProblem() != null) {
            corruption(s, 0, previousLast, s.headerProblem());
        } else if (s.recordCount() == 0) {
            corruption(s, s.dataEnd(), previousLast, "segment without records before later segments with records");
        } else if (s.badOffset() >= 0) {
            corruption(s, s.badOffset(), s.lastZxid(), s.badReason() + ", followed by valid records in later segments");
        } else if (s.shortFile()) {
            corruption(s, s.fileSizeBytes(), s.lastZxid(), "file cut to " + s.fileSizeBytes() + " bytes, header says "
                    + s.headerSegmentSize() + ", before later segments");
        } else if (s.dirtyEnd() > s.dataEnd()) {
            corruption(s, s.dataEnd(), s.lastZxid(), "non-zero bytes after the end of data, before later segments");
        }
    }

    private void classifyLast(SegmentScan s, long previousLast) {
        if (s.headerProblem() != null) {
            corruption(s, 0, previousLast, s.headerProblem());
        } else if (s.intactButInvalid()) {
            corruption(s, s.badOffset(), s.lastZxid(), s.badReason());
        } else if (s.validAfterBadOffset() >= 0) {
            String what = s.badOffset() >= 0 ? s.badReason() : "end-of-data marker (zero length)";
            corruption(s, s.badOffset() >= 0 ? s.badOffset() : s.dataEnd(), s.lastZxid(),
                    what + " followed by a valid record at offset " + s.validAfterBadOffset());
        } else if (s.badOffset() >= 0 || s.dirtyEnd() > s.dataEnd() || s.shortFile()) {
            String what = s.badOffset() >= 0 ? s.badReason() : "stray bytes after the last record";
            if (s.shortFile()) {
                what += "; file cut to " + s.fileSizeBytes() + " of " + s.headerSegmentSize() + " bytes";
            }
            problems.add(new LogProblem(LogProblem.Kind.TORN_TAIL, s.path(), s.dataEnd(), s.lastZxid(),
                    s.dirtyEnd() - s.dataEnd(), what));
        }
    }

    private void classifyTrailing(SegmentScan s, long previousLast) {
        if (s.intactButInvalid() || s.validAfterBadOffset() >= 0) {
            long at = s.intactButInvalid() ? s.badOffset() : s.validAfterBadOffset();
            corruption(s, at, previousLast, "valid record in a segment after "
                    + (lastWithRecords >= 0 ? "a damaged or out-of-order one" : "damage"));
        } else {
            String what = s.headerProblem() != null ? "no records (" + s.headerProblem() + ")" : "no records";
            problems.add(new LogProblem(LogProblem.Kind.TRAILING_SEGMENT, s.path(), -1, previousLast,
                    s.fileSizeBytes(), what));
        }
    }

    private void corruption(SegmentScan s, long offset, long lastGood, String detail) {
        problems.add(new LogProblem(LogProblem.Kind.CORRUPTION, s.path(), offset, lastGood, 0, detail));
    }

    public Path directory() {
        return directory;
    }

    /** Every segment file, in zxid order. */
    public List<SegmentScan> segments() {
        return segments;
    }

    public List<LogProblem> problems() {
        return List.copyOf(problems);
    }

    public boolean corrupt() {
        return problems.stream().anyMatch(p -> !p.repairable());
    }

    /** The first corruption found, as the exception {@link TxnLog#open} throws; null if none. */
    public LogCorruptionException firstCorruption() {
        return problems.stream().filter(p -> !p.repairable()).findFirst().map(LogCorruptionException::of).orElse(null);
    }

    /** Index in {@link #segments()} of the last segment with a valid record, -1 if none. */
    public int lastSegmentWithRecords() {
        return lastWithRecords;
    }

    /** Zxid of the last valid record, 0 if none. */
    public long lastZxid() {
        return lastWithRecords < 0 ? 0 : segments.get(lastWithRecords).lastZxid();
    }

    public long recordCount() {
        long n = 0;
        for (SegmentScan s : segments) {
            n += s.recordCount();
        }
        return n;
    }

    /**
     * A cursor over the valid records this scan found (the whole records before any damage), from
     * {@code zxid} on. Never modifies a file: for tools reading a log that is not open.
     */
    public LogCursor readFrom(long zxid, int recordPayloadBytesMax) {
        List<SegmentRef> refs = new ArrayList<>();
        for (SegmentScan s : segments) {
            if (s.recordCount() > 0 && s.headerProblem() == null) {
                refs.add(new SegmentRef(s.path(), s.nameZxid(), s.lastZxid(), (int) s.dataEnd(), s.recordCount()));
            }
        }
        LogView view = refs.isEmpty() ? LogView.EMPTY
                : new LogView(List.copyOf(refs.subList(0, refs.size() - 1)), refs.get(refs.size() - 1), lastZxid());
        return new LogCursor(view, zxid, recordPayloadBytesMax);
    }

    @Override
    public String toString() {
        return "LogScan{" + directory + ", " + segments.size() + " segments, " + recordCount() + " records, last zxid 0x"
                + Long.toHexString(lastZxid()) + ", problems=" + problems + "}";
    }
}
