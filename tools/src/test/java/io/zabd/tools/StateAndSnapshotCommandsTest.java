package io.zabd.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.snapshot.SnapshotStore;
import io.zabd.engine.snapshot.StoredCheckpoint;
import io.zabd.engine.txn.Zxid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: {@code state --at-zxid} rebuilds exactly the tree the engine had at that zxid (digests
 * recorded while writing through the engine), refuses clearly when no snapshot is old enough or
 * the log does not cover the range, and diffs two zxids; the {@code snapshot} commands list, dump,
 * summarise, diff and verify the engine's live store and checkpoints.
 */
class StateAndSnapshotCommandsTest {
    private static final long SEED = 17;
    private static final int TXNS = 3000;
    private static final Pattern DIGEST = Pattern.compile("state at zxid (0x[0-9a-f]+): .* digest (0x[0-9a-f]+)");

    @TempDir
    static Path dir;
    static Path data;
    static Map<Long, Long> digests;
    static List<StoredCheckpoint> checkpoints;

    @BeforeAll
    static void writeThroughTheEngine() throws Exception {
        data = dir.resolve("data");
        digests = EngineRun.write(EngineRun.config(data, data, 400), SEED, TXNS);
        checkpoints = SnapshotStore.listCheckpoints(data.resolve("snapshot"));
        assertTrue(checkpoints.size() >= 2, "checkpoints: " + checkpoints);
    }

    private static long digestOf(Tools.Result r, long expectedZxid) {
        Matcher m = DIGEST.matcher(r.out());
        assertTrue(m.find(), r.toString());
        assertEquals(Zxid.toHex(expectedZxid), m.group(1));
        return Long.parseUnsignedLong(m.group(2).substring(2), 16);
    }

    @Test
    void stateAtAnyZxidMatchesTheDigestTheEngineHad() {
        long oldest = checkpoints.get(0).zxid();
        long last = Zxid.of(1, TXNS);
        for (long z : new long[] {oldest, oldest + 1, oldest + 137, Math.min(checkpoints.get(1).zxid() + 5, last), last - 1, last}) {
            Tools.Result r = Tools.run("state", "--at-zxid", Zxid.toHex(z), "--data-dir", data.toString());
            assertEquals(Exit.OK, r.exit(), r.toString());
            assertEquals(digests.get(z), digestOf(r, z), "digest at " + Zxid.toHex(z));
        }
    }

    @Test
    void stateRefusesWithoutASnapshotOrLogCoverage() throws Exception {
        long before = checkpoints.get(0).zxid() - 1;
        Tools.Result r = Tools.run("state", "--at-zxid", Zxid.toHex(before), "--data-dir", data.toString());
        assertEquals(Exit.IO, r.exit(), r.toString());
        assertTrue(r.err().contains("no snapshot at or before zxid " + Zxid.toHex(before)), r.err());

        Tools.Result beyond = Tools.run("state", "--at-zxid", Zxid.toHex(Zxid.of(1, TXNS + 10)), "--data-dir", data.toString());
        assertEquals(Exit.IO, beyond.exit(), beyond.toString());
        assertTrue(beyond.err().contains("ends at " + Zxid.toHex(Zxid.of(1, TXNS))), beyond.err());

        // a log chopped below the newest snapshot's successors: the range after the oldest checkpoint is not covered
        Path holed = dir.resolve("holed");
        LogCorpus.copy(data, holed);
        long oldest = checkpoints.get(0).zxid();
        Path segments = holed.resolve("txnlog");
        try (io.zabd.engine.log.TxnLog log = io.zabd.engine.log.TxnLog.open(io.zabd.engine.log.LogConfig.defaults(segments))) {
            log.truncateAfter(oldest + 10);
        }
        Tools.Result hole = Tools.run("state", "--at-zxid", Zxid.toHex(oldest + 50), "--data-dir", holed.toString());
        assertEquals(Exit.IO, hole.exit(), hole.toString());
        assertTrue(hole.err().contains("before the requested zxid"), hole.err());
    }

    @Test
    void stateDumpAndDiffWith() {
        long a = checkpoints.get(0).zxid() + 3;
        long b = a + 40;
        Tools.Result d = Tools.run("state", "--at-zxid", Zxid.toHex(a), "--data-dir", data.toString(), "--dump",
                "--path-prefix", "/n", "--json");
        assertEquals(Exit.OK, d.exit(), d.toString());
        assertTrue(d.out().lines().skip(1).allMatch(l -> l.startsWith("{\"path\":\"/n")), d.out());
        Tools.Result diff = Tools.run("state", "--at-zxid", Zxid.toHex(a), "--data-dir", data.toString(), "--diff-with",
                Zxid.toHex(b));
        assertEquals(Exit.PROBLEM, diff.exit(), diff.toString());
        assertTrue(diff.out().contains(Zxid.toHex(a) + " -> " + Zxid.toHex(b) + ": "), diff.out());
        assertTrue(diff.out().lines().anyMatch(l -> l.startsWith("+ /") || l.startsWith("~ /") || l.startsWith("- /")));
        Tools.Result same = Tools.run("state", "--at-zxid", Zxid.toHex(a), "--data-dir", data.toString(), "--diff-with",
                Zxid.toHex(a));
        assertEquals(Exit.OK, same.exit(), same.toString());
    }

    @Test
    void snapshotListDumpSummaryDiffVerify() throws Exception {
        Tools.Result list = Tools.run("snapshot", "list", "--json", data.toString());
        assertEquals(Exit.OK, list.exit(), list.toString());
        assertEquals(1 + checkpoints.size(), list.out().lines().count(), list.out());
        assertTrue(list.out().startsWith("{\"snapshot\":\"live\""), list.out());
        assertTrue(list.out().contains("\"zxid\":\"" + Zxid.toHex(Zxid.of(1, TXNS)) + "\""), list.out());

        Tools.Result verify = Tools.run("snapshot", "verify", data.toString());
        assertEquals(Exit.OK, verify.exit(), verify.toString());
        assertEquals(1 + checkpoints.size(), verify.out().lines().filter(l -> l.startsWith("OK ")).count());

        String cp = Zxid.toHex(checkpoints.get(0).zxid());
        Tools.Result dump = Tools.run("snapshot", "dump", data.toString(), "--snapshot", cp, "--with-data");
        assertEquals(Exit.OK, dump.exit(), dump.toString());
        assertTrue(dump.out().startsWith("/  czxid 0x0"), dump.out());
        assertTrue(dump.out().contains("/zookeeper/config  "), dump.out());

        Tools.Result summary = Tools.run("snapshot", "summary", data.toString(), "--depth", "1");
        assertEquals(Exit.OK, summary.exit(), summary.toString());
        assertTrue(summary.out().lines().anyMatch(l -> l.matches("/\\s+\\d+\\s+\\d+\\s+\\d+")), summary.out());

        Tools.Result diff = Tools.run("snapshot", "diff", "--dir", data.toString(), cp, "live");
        assertEquals(Exit.PROBLEM, diff.exit(), diff.toString());
        assertTrue(diff.out().contains("subtree /: nodes "), diff.out());
        Tools.Result byPath = Tools.run("snapshot", "diff", checkpoints.get(0).path().toString(),
                checkpoints.get(0).path().toString());
        assertEquals(Exit.OK, byPath.exit(), byPath.toString());

        // a checkpoint whose table files are damaged fails verification, naming it
        Path copy = LogCorpus.copy(checkpoints.get(0).path(), dir.resolve("broken-checkpoint"));
        damageTables(copy);
        Tools.Result bad = Tools.run("snapshot", "verify", copy.toString());
        assertEquals(Exit.PROBLEM, bad.exit(), bad.toString());
        assertTrue(bad.out().startsWith("FAILED broken-checkpoint: "), bad.out());
        Tools.Result badJson = Tools.run("snapshot", "verify", "--json", copy.toString());
        assertEquals(Exit.PROBLEM, badJson.exit(), badJson.toString());
        assertTrue(badJson.out().startsWith("{\"snapshot\":\"broken-checkpoint\",\"ok\":false,\"error\":"), badJson.out());
    }

    private static void damageTables(Path db) throws Exception {
        try (var files = Files.list(db)) {
            for (Path sst : files.filter(p -> p.toString().endsWith(".sst")).toList()) {
                byte[] b = Files.readAllBytes(sst);
                for (int i = 100; i < b.length / 2; i += 97) {
                    b[i] ^= 0x55;
                }
                Files.write(sst, b);
            }
        }
    }
}
