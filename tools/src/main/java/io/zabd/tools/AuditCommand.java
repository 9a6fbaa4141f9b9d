package io.zabd.tools;

import io.zabd.engine.txn.OpCode;
import io.zabd.server.admin.audit.AuditEvent;
import io.zabd.server.admin.audit.AuditFilter;
import io.zabd.server.admin.audit.AuditJson;
import io.zabd.server.admin.audit.AuditReader;
import io.zabd.engine.txn.Zxid;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code audit tail}: the committed-operation stream a server writes with {@code audit.enable=true}. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Read the audit stream (Chronicle Queue under <dataDir>/audit) a server writes when audit.enable=true.",
        subcommands = AuditCommand.Tail.class)
final class AuditCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: tail");
    }

    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = {"Print audit records, oldest first, then (with --follow) new ones as they are appended.",
                "Filters combine: a record is printed when it matches every one given."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:ok", "2:usage error", "3:no audit stream in the directory, or unreadable"})
    static final class Tail implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--data-dir", paramLabel = "DIR", description = "the server's dataDir (the stream is in DIR/audit)")
        Path dataDir;
        @Option(names = "--dir", paramLabel = "DIR", description = "the audit directory itself (instead of --data-dir)")
        Path dir;
        @Option(names = "--follow", description = "keep printing records as they are appended, until interrupted")
        boolean follow;
        @Option(names = "--since", paramLabel = "TIME", description = "only records at or after TIME (ISO-8601, e.g. 2026-11-27T10:00:00Z)")
        String since;
        @Option(names = "--op", paramLabel = "OP", description = "only this operation (name as ZooKeeper prints it, e.g. create, setData, or its code)")
        String op;
        @Option(names = "--path-prefix", paramLabel = "PREFIX", description = "only paths starting with PREFIX")
        String pathPrefix;
        @Option(names = "--session", paramLabel = "ID", description = "only this session (0x hex or decimal)")
        String session;
        @Option(names = "--result", paramLabel = "CODE", description = "only this result code (0 = OK, -101 = NONODE, ...)")
        Integer result;
        @Option(names = "--limit", paramLabel = "N", description = "stop after N records (default: no limit)")
        long limit = Long.MAX_VALUE;
        @Option(names = "--json", description = "one JSON object per line")
        boolean json;

        @Override
        public Integer call() {
            Path directory = dir != null ? dir : dataDir == null ? null : dataDir.resolve("audit");
            if (directory == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give --data-dir or --dir");
            }
            if (!Files.isDirectory(directory)) {
                spec.commandLine().getErr().println("error: no audit stream at " + directory);
                return Exit.IO;
            }
            AuditFilter filter = filter();
            PrintWriter out = spec.commandLine().getOut();
            long[] printed = {0};
            try (AuditReader reader = AuditReader.open(directory, filter)) {
                AuditEvent e;
                while (printed[0] < limit && (e = reader.next()) != null) {
                    print(out, e);
                    printed[0]++;
                }
                out.flush();
                if (follow) {
                    reader.follow(event -> {
                        print(out, event);
                        out.flush();
                        printed[0]++;
                    }, () -> printed[0] < limit && !Thread.currentThread().isInterrupted());
                }
            }
            return Exit.OK;
        }

        private AuditFilter filter() {
            AuditFilter f = AuditFilter.ALL;
            if (since != null) {
                f = f.withFromTime(Instant.parse(since).toEpochMilli());
            }
            if (op != null) {
                f = f.withOp(opCode(op));
            }
            if (pathPrefix != null) {
                f = f.withPathPrefix(pathPrefix);
            }
            if (session != null) {
                f = f.withSession(session.startsWith("0x") ? Long.parseUnsignedLong(session.substring(2), 16)
                        : Long.parseLong(session));
            }
            if (result != null) {
                f = f.withResult(result);
            }
            return f;
        }

        private int opCode(String name) {
            for (int code = -11; code <= 107; code++) {
                if (OpCode.name(code).equalsIgnoreCase(name)) {
                    return code;
                }
            }
            try {
                return Integer.parseInt(name);
            } catch (NumberFormatException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown op: " + name);
            }
        }

        private void print(PrintWriter out, AuditEvent e) {
            if (json) {
                out.println(AuditJson.toJson(e));
                return;
            }
            out.printf("%s zxid=%s session=0x%x client=%s ids=%s op=%s path=%s result=%d%n",
                    Instant.ofEpochMilli(e.timeMs()), Zxid.toHex(e.zxid()), e.sessionId(), e.clientAddress(),
                    String.join(",", e.authIds()), e.opName(), e.path(), e.resultCode());
        }
    }
}
