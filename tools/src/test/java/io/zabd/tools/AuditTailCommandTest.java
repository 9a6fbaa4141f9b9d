package io.zabd.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.txn.OpCode;
import io.zabd.server.admin.audit.AuditConfig;
import io.zabd.server.admin.audit.AuditEvent;
import io.zabd.server.admin.audit.AuditLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Goal: {@code audit tail} prints what a server's audit stream holds, filtered, as text or JSON. */
class AuditTailCommandTest {
    @TempDir
    Path dataDir;

    @Test
    void tailPrintsTheStreamWithFilters() throws Exception {
        try (AuditLog log = AuditLog.start(new AuditConfig(dataDir.resolve("audit")))) {
            log.offer(new AuditEvent(0x100000001L, 1_000, 0x42, "127.0.0.1:5000", List.of("ip:127.0.0.1"),
                    OpCode.CREATE, "/app/a", 0));
            log.offer(new AuditEvent(0x100000002L, 2_000, 0x42, "127.0.0.1:5000", List.of("ip:127.0.0.1"),
                    OpCode.SET_DATA, "/app/a", 0));
            log.offer(new AuditEvent(0x100000003L, 3_000, 0x43, "127.0.0.1:5001", List.of(), OpCode.DELETE,
                    "/other", -101));
        }
        String all = run("audit", "tail", "--data-dir", dataDir.toString());
        assertEquals(3, all.lines().count(), all);
        assertTrue(all.contains("op=create path=/app/a result=0"), all);

        String creates = run("audit", "tail", "--data-dir", dataDir.toString(), "--op", "create", "--json");
        assertEquals(1, creates.lines().count(), creates);
        assertTrue(creates.startsWith("{") && creates.contains("/app/a"), creates);

        String failed = run("audit", "tail", "--dir", dataDir.resolve("audit").toString(), "--result", "-101");
        assertEquals(1, failed.lines().count(), failed);
        assertTrue(failed.contains("session=0x43"), failed);

        String prefix = run("audit", "tail", "--data-dir", dataDir.toString(), "--path-prefix", "/app", "--limit", "1");
        assertEquals(1, prefix.lines().count(), prefix);
    }

    @Test
    void missingStreamIsAnIoError() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ZabdTools.run(new String[] {"audit", "tail", "--data-dir", dataDir.resolve("nope").toString()},
                new PrintWriter(out), new PrintWriter(err));
        assertEquals(3, code, err.toString());
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ZabdTools.run(args, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        return out.toString();
    }
}
