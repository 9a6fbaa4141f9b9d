package io.zabd.tools;

import io.zabd.engine.log.LogConfig;
import io.zabd.engine.log.LogCorruptionException;
import io.zabd.engine.log.LogCursor;
import io.zabd.engine.log.LogProblem;
import io.zabd.engine.log.LogScan;
import io.zabd.engine.log.RecoveryReport;
import io.zabd.engine.log.SegmentScan;
import io.zabd.engine.log.TxnLog;
import io.zabd.engine.txn.Zxid;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code log recover} and {@code log chop}: both copy the input log into a NEW directory and change
 * only the copy; the input is never modified. The copy is then opened with {@link TxnLog#open}, so
 * the engine's own recovery decides what a server will see.
 */
final class LogRepairCommands {
    /** Bytes of zeros written per call when cutting a segment. */
    static final int ZERO_CHUNK_BYTES = 1 << 20;
    /** Size of a segment header (src/docs/formats/txn-log.md): records start here. */
    static final long HEADER_BYTES = 64;

    private LogRepairCommands() {}

    /** The directory the copy's segments go to: OUT/txnlog when the input was a dataLogDir, else OUT. */
    static Path outSegments(LogDirs log, Path out) {
        return log.segments().equals(log.dir) ? out : out.resolve(LogDirs.TXNLOG);
    }

    static void requireFresh(Path out) throws IOException {
        if (Files.exists(out)) {
            try (Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent()) {
                    throw new ToolException("refusing to write into " + out + ": it exists and is not empty");
                }
            }
        }
    }

    static void zeroFrom(Path file, long from, long to) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(ZERO_CHUNK_BYTES);
            long pos = from;
            while (pos < to) {
                zeros.clear().limit((int) Math.min(ZERO_CHUNK_BYTES, to - pos));
                pos += ch.write(zeros, pos);
            }
            ch.force(true);
        }
    }

    static LogConfig config(Path segments, int recordBytesMax) {
        return LogConfig.defaults(segments).withRecordPayloadBytesMax(recordBytesMax);
    }

    @Command(name = "recover", mixinStandardHelpOptions = true,
            description = {"Copy the log into a new directory, cutting it back to its last whole record before any damage: "
                    + "a torn tail is zeroed, trailing segments without records dropped, and for corruption the copy ends "
                    + "at the last valid record before it (everything after is dropped and reported).",
                    "The input is never modified. The copy opens with the engine (TxnLog.open / Engine.open)."})
    static final class Recover implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        LogDirs log;
        @Option(names = "--out", paramLabel = "DIR", description = "new directory for the recovered copy (must not exist or be empty)")
        Path out;
        @Option(names = "--dry-run", description = "only report what would be dropped")
        boolean dryRun;

        @Override
        public Integer call() throws IOException {
            if (out == null && !dryRun) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--out is required unless --dry-run");
            }
            PrintWriter o = spec.commandLine().getOut();
            LogScan scan = log.scan();
            Cut cut = cutPoint(scan, log.recordBytesMax);
            List<String> plan = plan(scan, cut);
            if (plan.isEmpty()) {
                o.println("log is clean: nothing to drop");
            }
            for (String line : plan) {
                o.println((dryRun ? "would drop: " : "drop: ") + line);
            }
            if (dryRun) {
                o.printf("dry run: the recovered log would end at zxid %s%n",
                        Zxid.toHex(cut == null ? scan.lastZxid() : cut.lastKept()));
                return Exit.OK;
            }
            requireFresh(out);
            Path segments = outSegments(log, out);
            Files.createDirectories(segments);
            copy(scan, cut, segments);
            try (TxnLog copy = TxnLog.open(config(segments, log.recordBytesMax))) {
                RecoveryReport report = copy.recoveryReport();
                o.printf("recovered log written to %s: %d segments, last zxid %s (engine recovery: %d repair(s), "
                        + "%d bytes zeroed or deleted)%n", segments, copy.segmentCount(), Zxid.toHex(copy.lastZxid()),
                        report.repaired().size(), report.bytesDropped());
            }
            return Exit.OK;
        }

        /**
         * Where the copy ends: the byte {@code offset} of segment {@code segment} (everything from there
         * on, and every later segment, is dropped; offset at the header's end drops the whole segment).
         */
        record Cut(int segment, long offset, long lastKept, String reason) {}

        /**
         * The earliest of: the first corruption the scan found (cut after the last valid record of its
         * segment, or the whole segment when its header is bad) and the first zxid gap within an epoch
         * (cut at the record after the gap). Null when everything is repairable by the engine's recovery.
         */
        private static Cut cutPoint(LogScan scan, int recordBytesMax) throws IOException {
            Cut cut = null;
            LogCorruptionException first = scan.firstCorruption();
            if (first != null) {
                for (int i = 0; i < scan.segments().size() && cut == null; i++) {
                    SegmentScan s = scan.segments().get(i);
                    if (s.path().equals(first.file())) {
                        boolean keep = s.headerProblem() == null && s.recordCount() > 0;
                        long lastKept = keep ? s.lastZxid() : i == 0 ? 0 : scan.segments().get(i - 1).lastZxid();
                        cut = new Cut(i, keep ? s.dataEnd() : HEADER_BYTES, lastKept, first.getMessage());
                    }
                }
            }
            Cut gap = firstGap(scan, recordBytesMax);
            if (gap != null && (cut == null || gap.segment() < cut.segment()
                    || (gap.segment() == cut.segment() && gap.offset() < cut.offset()))) {
                return gap;
            }
            return cut;
        }

        private static Cut firstGap(LogScan scan, int recordBytesMax) throws IOException {
            long previous = 0;
            try (LogCursor c = scan.readFrom(0, recordBytesMax)) {
                while (c.next()) {
                    long zxid = c.zxid();
                    if (previous != 0 && Zxid.epoch(zxid) == Zxid.epoch(previous)
                            && Zxid.counter(zxid) != Zxid.counter(previous) + 1) {
                        int index = 0;
                        while (!scan.segments().get(index).path().equals(c.segmentPath())) {
                            index++;
                        }
                        return new Cut(index, c.recordOffset(), previous, "zxid gap: " + Zxid.toHex(zxid) + " follows "
                                + Zxid.toHex(previous) + " in the same epoch");
                    }
                    previous = zxid;
                }
            }
            return null;
        }

        private static List<String> plan(LogScan scan, Cut cut) {
            List<String> lines = new ArrayList<>();
            if (cut == null) {
                for (LogProblem p : scan.problems()) {
                    lines.add(p.toString());
                }
                return lines;
            }
            SegmentScan s = scan.segments().get(cut.segment());
            if (cut.offset() > HEADER_BYTES) {
                lines.add(s.path() + " from offset " + cut.offset() + " (after zxid " + Zxid.toHex(cut.lastKept()) + "): "
                        + (Math.max(s.dirtyEnd(), cut.offset()) - cut.offset()) + " bytes - " + cut.reason());
            } else {
                lines.add(s.path() + ": whole segment (" + s.fileSizeBytes() + " bytes) - " + cut.reason());
            }
            for (int i = cut.segment() + 1; i < scan.segments().size(); i++) {
                SegmentScan later = scan.segments().get(i);
                lines.add(later.path() + ": whole segment, " + later.recordCount() + " valid record(s)"
                        + (later.recordCount() > 0 ? " up to zxid " + Zxid.toHex(later.lastZxid()) : "")
                        + ", " + later.fileSizeBytes() + " bytes");
            }
            return lines;
        }

        private static void copy(LogScan scan, Cut cut, Path segments) throws IOException {
            List<SegmentScan> all = scan.segments();
            int end = cut == null ? all.size() : cut.segment() + 1;
            for (int i = 0; i < end; i++) {
                SegmentScan s = all.get(i);
                if (cut != null && i == cut.segment() && cut.offset() <= HEADER_BYTES) {
                    break;
                }
                Path target = segments.resolve(s.path().getFileName());
                Files.copy(s.path(), target);
                if (cut != null && i == cut.segment()) {
                    zeroFrom(target, cut.offset(), s.fileSizeBytes());
                }
            }
        }
    }

    @Command(name = "chop", mixinStandardHelpOptions = true,
            description = "Copy the log up to and including a zxid into a new directory (the engine's truncateAfter on the copy).")
    static final class Chop implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        LogDirs log;
        @Option(names = "--zxid", required = true, paramLabel = "ZXID", converter = ZxidArg.class,
                description = "last zxid kept (0x hex or decimal)")
        long zxid;
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "new directory (must not exist or be empty)")
        Path out;

        @Override
        public Integer call() throws IOException {
            LogScan scan = log.scan();
            long dropped = 0;
            try (LogCursor c = scan.readFrom(zxid + 1, log.recordBytesMax)) {
                while (c.next()) {
                    dropped++;
                }
            }
            requireFresh(out);
            Path segments = outSegments(log, out);
            Files.createDirectories(segments);
            for (SegmentScan s : scan.segments()) {
                if (Long.compareUnsigned(s.nameZxid(), zxid) <= 0) {
                    Files.copy(s.path(), segments.resolve(s.path().getFileName()));
                }
            }
            try (TxnLog copy = TxnLog.open(config(segments, log.recordBytesMax))) {
                copy.truncateAfter(zxid);
                spec.commandLine().getOut().printf("chopped log written to %s: %d segments, last zxid %s, %d record(s) "
                        + "after %s dropped%n", segments, copy.segmentCount(), Zxid.toHex(copy.lastZxid()), dropped,
                        Zxid.toHex(zxid));
            } catch (LogCorruptionException e) {
                throw new ToolException("the log is damaged before " + Zxid.toHex(zxid) + ": " + e.getMessage()
                        + " (run 'log recover' first)", e);
            }
            return Exit.OK;
        }
    }
}
