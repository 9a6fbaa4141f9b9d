package io.zabd.tools;

import io.zabd.engine.log.LogCorruptionException;
import io.zabd.engine.log.LogCursor;
import io.zabd.engine.log.LogFormat;
import io.zabd.engine.log.LogProblem;
import io.zabd.engine.log.LogScan;
import io.zabd.engine.log.SegmentScan;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.Zxid;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code log list | dump | stats | verify | recover | chop}: the zabd transaction log, read with the engine's scanner. */
@Command(name = "log", mixinStandardHelpOptions = true, description = "Inspect, verify and repair a zabd transaction log.",
        subcommands = {LogCommand.ListSegments.class, LogCommand.Dump.class, LogCommand.Stats.class,
                LogCommand.Verify.class, LogRepairCommands.Recover.class, LogRepairCommands.Chop.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:a problem was found", "2:usage error", "3:I/O error or refused"})
final class LogCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing log command");
    }

    /** Name of the group-commit writer's preallocated next segment (src/docs/formats/txn-log.md). */

    static String status(LogScan scan, SegmentScan s) {
        for (LogProblem p : scan.problems()) {
            if (p.file().equals(s.path())) {
                return p.kind().name();
            }
        }
        return "OK";
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List segments with zxid ranges, record counts and sizes.")
    static final class ListSegments implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        LogDirs log;
        @Option(names = "--json", description = "one JSON object per segment")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            LogScan scan = log.scan();
            if (!json) {
                out.printf("%-22s %-13s %-13s %8s %12s %12s  %s%n", "segment", "first zxid", "last zxid", "records",
                        "data bytes", "file bytes", "status");
            }
            for (SegmentScan s : scan.segments()) {
                String last = s.recordCount() > 0 ? Zxid.toHex(s.lastZxid()) : "-";
                if (json) {
                    out.println(Json.object().put("segment", s.path().getFileName().toString()).hex("firstZxid", s.nameZxid())
                            .put("lastZxid", s.recordCount() > 0 ? last : null).put("records", s.recordCount())
                            .put("dataBytes", s.dataEnd()).put("fileBytes", s.fileSizeBytes())
                            .put("status", status(scan, s)));
                } else {
                    out.printf("%-22s %-13s %-13s %8d %12d %12d  %s%n", s.path().getFileName(), Zxid.toHex(s.nameZxid()),
                            last, s.recordCount(), s.dataEnd(), s.fileSizeBytes(), status(scan, s));
                }
            }
            if (!json) {
                out.printf("%d segments, %d records, last zxid %s%s%n", scan.segments().size(), scan.recordCount(),
                        Zxid.toHex(scan.lastZxid()), scan.problems().isEmpty() ? "" : ", " + scan.problems().size()
                                + " problem(s): run 'log verify'");
            }
            return Exit.OK;
        }
    }

    @Command(name = "dump", mixinStandardHelpOptions = true,
            description = "Print the log's valid records, one per line, as text or JSON, with filters.")
    static final class Dump implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        LogDirs log;
        @Mixin
        RecordFilter filter;
        @Option(names = "--json", description = "one JSON object per record (data as base64)")
        boolean json;
        @Option(names = "--limit", paramLabel = "N", description = "stop after N printed records")
        long limit = Long.MAX_VALUE;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            LogScan scan = log.scan();
            if (scan.corrupt() || !scan.problems().isEmpty()) {
                spec.commandLine().getErr().println("warning: the log has " + scan.problems().size()
                        + " problem(s); in a damaged segment only the records before the damage are shown (see 'log verify')");
            }
            long printed = 0;
            Progress progress = Progress.of(spec.commandLine().getErr(), "dump");
            try (LogCursor c = scan.readFrom(filter.from(), log.recordBytesMax)) {
                long read = 0;
                while (printed < limit && c.next() && c.zxid() <= filter.to()) {
                    Txn txn = c.txn();
                    progress.update(++read, "records");
                    if (!filter.matches(txn)) {
                        continue;
                    }
                    printed++;
                    out.println(json ? TxnFormat.json(txn, c.segmentPath().getFileName().toString(), c.recordOffset(),
                            c.payloadLength()) : TxnFormat.text(txn));
                }
            }
            progress.done();
            return Exit.OK;
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Count records and payload bytes per op type (count, bytes, min/avg/max record size).")
    static final class Stats implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        LogDirs log;
        @Mixin
        RecordFilter filter;
        @Option(names = "--json", description = "one JSON object per op type")
        boolean json;

        /** Counters of one op type. */
        static final class Row {
            long count;
            long bytes;
            long min = Long.MAX_VALUE;
            long max;

            void add(long size) {
                count++;
                bytes += size;
                min = Math.min(min, size);
                max = Math.max(max, size);
            }
        }

        @Override
        public Integer call() throws IOException {
            LogScan scan = log.scan();
            Map<String, Row> rows = new TreeMap<>();
            Row total = new Row();
            Progress progress = Progress.of(spec.commandLine().getErr(), "stats");
            try (LogCursor c = scan.readFrom(filter.from(), log.recordBytesMax)) {
                while (c.next() && c.zxid() <= filter.to()) {
                    Txn txn = c.txn();
                    if (filter.matches(txn)) {
                        rows.computeIfAbsent(OpCode.name(txn.type()), k -> new Row()).add(c.payloadLength());
                        total.add(c.payloadLength());
                        progress.update(total.count, "records");
                    }
                }
            }
            progress.done();
            PrintWriter out = spec.commandLine().getOut();
            if (!json) {
                out.printf("%-16s %10s %14s %8s %10s %8s%n", "op", "count", "bytes", "min", "avg", "max");
            }
            for (Map.Entry<String, Row> e : rows.entrySet()) {
                print(out, e.getKey(), e.getValue());
            }
            print(out, "total", total);
            return Exit.OK;
        }

        private void print(PrintWriter out, String op, Row r) {
            double avg = r.count == 0 ? 0 : (double) r.bytes / r.count;
            long min = r.count == 0 ? 0 : r.min;
            if (json) {
                out.println(Json.object().put("op", op).put("count", r.count).put("bytes", r.bytes).put("min", min)
                        .put("avg", avg).put("max", r.max));
            } else {
                out.printf(java.util.Locale.ROOT, "%-16s %10d %14d %8d %10.1f %8d%n", op, r.count, r.bytes, min, avg, r.max);
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check every segment header and record: CRC32C, zxid order, zxid gaps within an epoch, "
                    + "payloads that do not decode, torn tails, stray bytes. Never modifies a file.",
                    "Exit 1 when anything is found; each finding names the file, the offset and the last good zxid."})
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        LogDirs log;
        @Option(names = "--json", description = "one JSON object per problem, then a summary object")
        boolean json;

        @Override
        public Integer call() throws IOException {
            LogScan scan = log.scan();
            List<LogProblem> problems = new ArrayList<>();
            List<LogProblem> notes = new ArrayList<>();
            for (LogProblem p : scan.problems()) {
                (isSpare(p) ? notes : problems).add(p);
            }
            long decoded = walk(scan, problems);
            PrintWriter out = spec.commandLine().getOut();
            for (LogProblem p : notes) {
                if (json) {
                    out.println(Json.object().put("note", p.kind().name()).put("file", p.file().toString())
                            .put("detail", p.detail()));
                } else {
                    out.println("note: " + p.file() + ": " + p.detail() + " (deleted when the log is opened)");
                }
            }
            for (LogProblem p : problems) {
                if (json) {
                    out.println(Json.object().put("problem", p.kind().name()).put("file", p.file().toString())
                            .put("offset", p.offset()).hex("lastGoodZxid", p.lastGoodZxid()).put("bytes", p.bytes())
                            .put("repairable", p.repairable()).put("detail", p.detail()));
                } else {
                    out.println(p);
                }
            }
            boolean ok = problems.isEmpty();
            if (json) {
                out.println(Json.object().put("segments", scan.segments().size()).put("records", scan.recordCount())
                        .put("decoded", decoded).hex("lastZxid", scan.lastZxid()).put("problems", problems.size())
                        .put("ok", ok));
            } else {
                out.printf("%s: %d segments, %d records (%d decoded), last zxid %s, %d problem(s)%s%n", ok ? "OK" : "FAILED",
                        scan.segments().size(), scan.recordCount(), decoded, Zxid.toHex(scan.lastZxid()), problems.size(),
                        ok ? "" : scan.corrupt() ? " - corruption: 'log recover' can cut the log before it"
                                : " - repairable: 'log recover' or the server's start-up cuts it");
            }
            return ok ? Exit.OK : Exit.PROBLEM;
        }

        /** The writer's next segment or a kept purged one: a normal leftover of a running or crashed server, not damage. */
        private static boolean isSpare(LogProblem p) {
            return p.kind() == LogProblem.Kind.TEMPORARY_FILE && LogFormat.isSpareName(p.file().getFileName().toString());
        }

        /** Whether the scan already reported a problem in {@code file} (a gap after it is that problem's consequence). */
        private static boolean damaged(LogScan scan, java.nio.file.Path file) {
            return file != null && scan.problems().stream().anyMatch(p -> p.file().equals(file));
        }

        /** Reads every valid record again, decoding it and checking zxid gaps; returns how many decoded. */
        private long walk(LogScan scan, List<LogProblem> problems) throws IOException {
            long count = 0;
            long previous = 0;
            java.nio.file.Path previousFile = null;
            Progress progress = Progress.of(spec.commandLine().getErr(), "verify");
            try (LogCursor c = scan.readFrom(0, log.recordBytesMax)) {
                while (c.next()) {
                    long zxid = c.zxid();
                    boolean afterDamage = c.recordOffset() == LogRepairCommands.HEADER_BYTES && damaged(scan, previousFile);
                    if (previous != 0 && Zxid.epoch(zxid) == Zxid.epoch(previous)
                            && Zxid.counter(zxid) != Zxid.counter(previous) + 1 && !afterDamage) {
                        problems.add(new LogProblem(LogProblem.Kind.CORRUPTION, c.segmentPath(), c.recordOffset(), previous,
                                0, "zxid gap: " + Zxid.toHex(zxid) + " follows " + Zxid.toHex(previous)
                                        + " in the same epoch (" + (Zxid.counter(zxid) - Zxid.counter(previous) - 1)
                                        + " missing)"));
                    }
                    try {
                        c.txn();
                        count++;
                    } catch (LogCorruptionException | RuntimeException e) {
                        problems.add(new LogProblem(LogProblem.Kind.CORRUPTION, c.segmentPath(), c.recordOffset(), previous,
                                0, "record " + Zxid.toHex(zxid) + " has a valid CRC but does not decode: " + e.getMessage()));
                    }
                    previous = zxid;
                    previousFile = c.segmentPath();
                    progress.update(count, "records");
                }
            } catch (IOException e) {
                problems.add(new LogProblem(LogProblem.Kind.CORRUPTION, scan.directory(), -1, previous, 0,
                        "reading records: " + e.getMessage()));
            }
            progress.done();
            return count;
        }
    }
}
