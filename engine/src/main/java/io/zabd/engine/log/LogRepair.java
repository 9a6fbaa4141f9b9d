package io.zabd.engine.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the repairs a {@link LogScan} allows, and only those: deletes half-created files and
 * trailing segments without records (newest first), zeroes a torn tail back to the last whole record
 * (extending a file cut short to its size again), forces every file touched and the directory.
 */
final class LogRepair {
    private LogRepair() {}

    static RecoveryReport repair(LogScan scan) throws IOException {
        if (scan.corrupt()) {
            throw scan.firstCorruption();
        }
        List<LogProblem> repaired = new ArrayList<>();
        int filesDeleted = 0;
        int tornRecords = 0;
        long bytesDropped = 0;
        List<LogProblem> problems = scan.problems();
        for (int i = problems.size() - 1; i >= 0; i--) {
            LogProblem p = problems.get(i);
            if (p.kind() == LogProblem.Kind.TEMPORARY_FILE || p.kind() == LogProblem.Kind.TRAILING_SEGMENT) {
                Files.deleteIfExists(p.file());
                filesDeleted++;
                if (p.kind() == LogProblem.Kind.TRAILING_SEGMENT) {
                    bytesDropped += nonZeroBytesAfterHeader(scan, p.file());
                }
                repaired.add(p);
            }
        }
        int last = scan.lastSegmentWithRecords();
        for (LogProblem p : problems) {
            if (p.kind() == LogProblem.Kind.TORN_TAIL) {
                SegmentScan s = scan.segments().get(last);
                cutTail(s);
                bytesDropped += s.dirtyEnd() - s.dataEnd();
                tornRecords += s.badOffset() >= 0 ? 1 : 0;
                repaired.add(p);
            }
        }
        if (filesDeleted > 0) {
            Segment.forceDirectory(scan.directory());
        }
        return new RecoveryReport(List.copyOf(repaired), tornRecords, bytesDropped, filesDeleted, scan.lastZxid());
    }

    private static void cutTail(SegmentScan s) throws IOException {
        try (FileChannel ch = FileChannel.open(s.path(), StandardOpenOption.WRITE)) {
            long end = Math.min(s.dirtyEnd(), s.fileSizeBytes());
            Segment.writeZeros(ch, s.dataEnd(), end);
            if (s.shortFile()) {
                Segment.writeZeros(ch, s.fileSizeBytes(), s.headerSegmentSize());
            }
            ch.force(true);
        }
    }

    private static long nonZeroBytesAfterHeader(LogScan scan, Path file) {
        for (SegmentScan s : scan.segments()) {
            if (s.path().equals(file)) {
                return Math.max(0, s.dirtyEnd() - Math.min(s.dataEnd(), LogFormat.SEGMENT_HEADER_BYTES));
            }
        }
        return 0;
    }
}
