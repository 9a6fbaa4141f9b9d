package io.zabd.tools;

import io.zabd.engine.EngineWorkload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.Engine;
import io.zabd.engine.EngineConfig;
import io.zabd.engine.log.LogConfig;
import io.zabd.engine.log.TxnLog;
import io.zabd.engine.tree.DataTree;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.Zxid;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: {@code log verify} passes a clean log and finds every injected fault (bit flips in a record
 * and in a header, a cut tail, swapped records, a zxid gap), naming the file, offset and zxid;
 * {@code log recover} writes a new directory (never touching the input) that opens with TxnLog.open
 * and Engine.open; {@code log chop} keeps exactly the records up to a zxid; list/dump/stats and
 * their filters report what the engine wrote.
 */
class LogCommandsTest {
    private static final long SEED = 5;
    private static final int TXNS = 1500;

    @TempDir
    Path dir;
    private Path clean;
    private List<LogCorpus.Place> places;

    @BeforeEach
    void corpus() throws IOException {
        clean = LogCorpus.write(dir.resolve("clean"), SEED, TXNS);
        places = LogCorpus.places(clean.resolve("txnlog"));
        assertEquals(TXNS, places.size());
        assertTrue(LogCorpus.segments(clean.resolve("txnlog")).size() >= 4, "several segments");
    }

    private Path damaged(String name) throws IOException {
        return LogCorpus.copy(clean, dir.resolve(name));
    }

    private static Path seg(Path dataLogDir, Path segmentOfClean) {
        return dataLogDir.resolve("txnlog").resolve(segmentOfClean.getFileName());
    }

    @Test
    void verifyPassesCleanLogAndListDumpStatsReportIt() throws IOException {
        Tools.Result v = Tools.run("log", "verify", clean.toString());
        assertEquals(Exit.OK, v.exit(), v.toString());
        assertTrue(v.out().startsWith("OK: "), v.out());
        assertTrue(v.out().contains(TXNS + " records (" + TXNS + " decoded)"), v.out());

        // the writer's preallocated spare is a note, not damage; a half-created segment is a finding
        Path spare = clean.resolve("txnlog").resolve("log.spare.tmp");
        Files.write(spare, new byte[4096]);
        Tools.Result withSpare = Tools.run("log", "verify", clean.toString());
        assertEquals(Exit.OK, withSpare.exit(), withSpare.toString());
        assertTrue(withSpare.out().startsWith("note: " + spare), withSpare.out());
        Path half = clean.resolve("txnlog").resolve("log.0000000200000001.tmp");
        Files.write(half, new byte[4096]);
        Tools.Result withHalf = Tools.run("log", "verify", clean.toString());
        assertEquals(Exit.PROBLEM, withHalf.exit(), withHalf.toString());
        assertTrue(withHalf.out().contains("TEMPORARY_FILE in " + half), withHalf.out());
        Files.delete(spare);
        Files.delete(half);

        Tools.Result list = Tools.run("log", "list", "--json", clean.toString());
        assertEquals(Exit.OK, list.exit(), list.toString());
        String[] lines = list.out().split("\n");
        assertEquals(places.stream().map(LogCorpus.Place::segment).distinct().count(), lines.length);
        assertTrue(lines[0].contains("\"firstZxid\":\"0x100000001\"") && lines[0].contains("\"status\":\"OK\""), lines[0]);

        Tools.Result stats = Tools.run("log", "stats", "--json", clean.toString());
        assertEquals(Exit.OK, stats.exit(), stats.toString());
        assertTrue(stats.out().contains("{\"op\":\"total\",\"count\":" + TXNS + ","), stats.out());
        assertTrue(stats.out().contains("{\"op\":\"create\""), stats.out());
    }

    @Test
    void dumpFiltersByZxidSessionOpAndPath() {
        Tools.Result range = Tools.run("log", "dump", "--from", "0x10000000a", "--to", "20", clean.toString());
        assertEquals(Exit.OK, range.exit(), range.toString());
        // --to 20 is decimal: before the first zxid of epoch 1, so nothing; hex bounds select 11 records
        assertEquals("", range.out());
        Tools.Result hex = Tools.run("log", "dump", "--from", "0x10000000a", "--to", "0x100000014", clean.toString());
        assertEquals(11, hex.out().lines().count(), hex.out());
        assertTrue(hex.out().startsWith("0x10000000a "), hex.out());

        Tools.Result session = Tools.run("log", "dump", "--json", "--session", Zxid.toHex(EngineWorkload.SESSION),
                clean.toString());
        assertTrue(session.out().lines().count() > 0);
        session.out().lines().forEach(l -> assertTrue(l.contains("\"session\":\"" + Zxid.toHex(EngineWorkload.SESSION) + "\""), l));

        Tools.Result multis = Tools.run("log", "dump", "--json", "--op", "multi", clean.toString());
        assertTrue(multis.out().lines().count() > 0);
        multis.out().lines().forEach(l -> assertTrue(l.contains("\"op\":\"multi\"") && l.contains("\"txns\":[{"), l));
        Tools.Result setData = Tools.run("log", "dump", "--op", "setData", clean.toString());
        assertTrue(setData.out().lines().anyMatch(l -> l.contains(" multi [")), "a multi holding a setData matches");

        Tools.Result path = Tools.run("log", "dump", "--path-prefix", "/e", clean.toString());
        assertTrue(path.out().lines().count() > 0);
        path.out().lines().forEach(l -> assertTrue(l.contains(" /e") || l.contains("[/e"), l));

        assertEquals(Exit.USAGE, Tools.run("log", "dump", "--from", "zz", clean.toString()).exit());
        assertEquals(Exit.IO, Tools.run("log", "dump", "--op", "frobnicate", clean.toString()).exit());
    }

    @Test
    void verifyFindsBitFlipInARecordBeforeTheLastSegment() throws IOException {
        Path d = damaged("flip");
        LogCorpus.Place victim = inSegment(1, 7);
        Path file = seg(d, victim.segment());
        LogCorpus.flip(file, victim.offset() + 16 + victim.payloadLength() / 2);
        Tools.Result v = Tools.run("log", "verify", d.toString());
        assertEquals(Exit.PROBLEM, v.exit(), v.toString());
        assertTrue(v.out().contains("CORRUPTION in " + file + " at offset " + victim.offset()), v.out());
        assertTrue(v.out().contains("record CRC mismatch") || v.out().contains("CRC"), v.out());
        assertTrue(v.out().contains("last good zxid " + Zxid.toHex(victim.zxid() - 1)), v.out());

        List<String> before = LogCorpus.fingerprint(d);
        Path out = dir.resolve("flip-recovered");
        Tools.Result dry = Tools.run("log", "recover", "--dry-run", d.toString());
        assertEquals(Exit.OK, dry.exit(), dry.toString());
        assertTrue(dry.out().contains("would drop: " + file + " from offset " + victim.offset()), dry.out());
        Tools.Result r = Tools.run("log", "recover", d.toString(), "--out", out.toString());
        assertEquals(Exit.OK, r.exit(), r.toString());
        assertEquals(before, LogCorpus.fingerprint(d), "the input is not modified");
        assertOpens(out, victim.zxid() - 1);
    }

    @Test
    void verifyFindsBitFlipInTheLastRecordAsATornTail() throws IOException {
        Path d = damaged("tail");
        LogCorpus.Place last = places.get(places.size() - 1);
        LogCorpus.flip(seg(d, last.segment()), last.offset() + 20);
        Tools.Result v = Tools.run("log", "verify", d.toString());
        assertEquals(Exit.PROBLEM, v.exit(), v.toString());
        assertTrue(v.out().contains("TORN_TAIL in " + seg(d, last.segment()) + " at offset " + last.offset()), v.out());
        Path out = dir.resolve("tail-recovered");
        assertEquals(Exit.OK, Tools.run("log", "recover", d.toString(), "--out", out.toString()).exit());
        assertOpens(out, last.zxid() - 1);
    }

    @Test
    void verifyFindsACutTail() throws IOException {
        Path d = damaged("cut");
        LogCorpus.Place last = places.get(places.size() - 1);
        Path file = seg(d, last.segment());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(last.offset() + 10);
        }
        Tools.Result v = Tools.run("log", "verify", "--json", d.toString());
        assertEquals(Exit.PROBLEM, v.exit(), v.toString());
        assertTrue(v.out().contains("\"problem\":\"TORN_TAIL\""), v.out());
        assertTrue(v.out().contains("\"offset\":" + last.offset()), v.out());
        assertTrue(v.out().contains("file cut to"), v.out());
        Path out = dir.resolve("cut-recovered");
        Tools.Result r = Tools.run("log", "recover", d.toString(), "--out", out.toString());
        assertEquals(Exit.OK, r.exit(), r.toString());
        assertOpens(out, last.zxid() - 1);
    }

    @Test
    void verifyFindsSwappedRecords() throws IOException {
        Path d = damaged("swap");
        LogCorpus.Place a = inSegment(0, 20);
        LogCorpus.Place b = inSegment(0, 21);
        Path file = seg(d, a.segment());
        byte[] bytes = Files.readAllBytes(file);
        byte[] swapped = bytes.clone();
        int lenA = a.end() - a.offset();
        int lenB = b.end() - b.offset();
        System.arraycopy(bytes, b.offset(), swapped, a.offset(), lenB);
        System.arraycopy(bytes, a.offset(), swapped, a.offset() + lenB, lenA);
        Files.write(file, swapped);
        Tools.Result v = Tools.run("log", "verify", d.toString());
        assertEquals(Exit.PROBLEM, v.exit(), v.toString());
        assertTrue(v.out().contains("CORRUPTION in " + file + " at offset " + a.offset()), v.out());
        assertTrue(v.out().contains("zxid gap: " + Zxid.toHex(b.zxid()) + " follows " + Zxid.toHex(a.zxid() - 1)), v.out());
        assertTrue(v.out().contains("at offset " + (a.offset() + lenB) + ", last good zxid " + Zxid.toHex(b.zxid())
                + ": zxid " + Zxid.toHex(a.zxid()) + " does not follow"), v.out());
        Path out = dir.resolve("swap-recovered");
        assertEquals(Exit.OK, Tools.run("log", "recover", d.toString(), "--out", out.toString()).exit());
        assertOpens(out, a.zxid() - 1);
    }

    @Test
    void verifyFindsADamagedSegmentHeader() throws IOException {
        Path d = damaged("header");
        Path file = seg(d, inSegment(2, 0).segment());
        LogCorpus.flip(file, 10);
        Tools.Result v = Tools.run("log", "verify", d.toString());
        assertEquals(Exit.PROBLEM, v.exit(), v.toString());
        assertTrue(v.out().contains("CORRUPTION in " + file + " at offset 0"), v.out());
        Path out = dir.resolve("header-recovered");
        assertEquals(Exit.OK, Tools.run("log", "recover", d.toString(), "--out", out.toString()).exit());
        assertOpens(out, inSegment(2, 0).zxid() - 1);
    }

    @Test
    void verifyFindsAZxidGap() throws IOException {
        Path d = dir.resolve("gap");
        EngineWorkload w = new EngineWorkload(SEED);
        long missing;
        try (TxnLog log = TxnLog.open(LogCorpus.config(d.resolve("txnlog")))) {
            for (int i = 0; i < 100; i++) {
                Txn txn = w.next();
                if (i != 60) {
                    log.append(txn);
                }
            }
            missing = Zxid.of(1, 61);
        }
        Tools.Result v = Tools.run("log", "verify", d.toString());
        assertEquals(Exit.PROBLEM, v.exit(), v.toString());
        assertTrue(v.out().contains("zxid gap: " + Zxid.toHex(missing + 1) + " follows " + Zxid.toHex(missing - 1)), v.out());
    }

    @Test
    void chopKeepsRecordsUpToTheZxid() throws IOException {
        long at = places.get(700).zxid();
        Path out = dir.resolve("chopped");
        Tools.Result r = Tools.run("log", "chop", clean.toString(), "--zxid", Zxid.toHex(at), "--out", out.toString());
        assertEquals(Exit.OK, r.exit(), r.toString());
        assertTrue(r.out().contains((TXNS - 701) + " record(s) after " + Zxid.toHex(at) + " dropped"), r.out());
        assertOpens(out, at);
        Tools.Result again = Tools.run("log", "chop", clean.toString(), "--zxid", Zxid.toHex(at), "--out", out.toString());
        assertEquals(Exit.IO, again.exit(), "refuses a non-empty --out");
        assertTrue(again.err().contains("not empty"), again.err());
    }

    /** The k-th record of the n-th segment. */
    private LogCorpus.Place inSegment(int n, int k) {
        List<Path> segs = places.stream().map(LogCorpus.Place::segment).distinct().toList();
        return places.stream().filter(p -> p.segment().equals(segs.get(n))).skip(k).findFirst().orElseThrow();
    }

    /** The recovered dataLogDir opens with TxnLog.open and Engine.open and holds exactly the records up to {@code last}. */
    private static void assertOpens(Path dataLogDir, long last) throws IOException {
        try (TxnLog log = TxnLog.open(LogConfig.defaults(dataLogDir.resolve("txnlog")))) {
            assertEquals(last, log.lastZxid());
            assertTrue(log.recoveryReport().clean() || log.recoveryReport().repaired().size() <= 1,
                    log.recoveryReport().toString());
        }
        Path dataDir = dataLogDir.resolveSibling(dataLogDir.getFileName() + "-data");
        try (Engine engine = Engine.open(EngineConfig.defaults(dataDir, dataLogDir))) {
            assertEquals(last, engine.lastZxid());
            DataTree expected = new DataTree(false);
            EngineWorkload w = new EngineWorkload(SEED);
            while (expected.lastProcessedZxid() < last) {
                expected.apply(w.next());
            }
            assertEquals(expected.digest(), engine.tree().digest());
        }
        assertFalse(Files.exists(dataLogDir.resolve("txnlog").resolve("log.spare.tmp")));
    }
}
