package io.zabd.server.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash tests with real processes: three {@link QuorumTestMain} JVMs on loopback, killed with
 * SIGKILL, paused with SIGSTOP, restarted, one with its data wiped. Checks that a leader is
 * elected, committed (acknowledged) writes survive on every member, members converge on equal
 * digests at equal zxids, and a minority cannot commit. Prints the election times it measured.
 */
class QuorumProcessTest {
    private static final int TICK_MS = 100;
    private static final int INIT_LIMIT = 40;
    private static final int SYNC_LIMIT = 20;
    /** Small enough that a wiped member (all history missing) is synced by SNAP, large enough for the restarts' DIFFs. */
    private static final int SYNC_DIFF_MAX = 60;

    @TempDir
    Path dir;
    private EnsembleDirs ensemble;
    private final ServerProcess[] servers = new ServerProcess[4];
    private final Set<String> acked = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (ServerProcess s : servers) {
            if (s != null) {
                s.close();
            }
        }
    }

    private void start(int id) throws Exception {
        servers[id] = ServerProcess.start(id, ensemble.config(id), dir.resolve("server" + id + ".log"), SYNC_DIFF_MAX);
    }

    private void kill(int id) throws InterruptedException {
        acked.addAll(servers[id].acked);
        servers[id].kill9();
        servers[id] = null;
    }

    private List<ServerProcess> live() {
        List<ServerProcess> l = new ArrayList<>();
        for (ServerProcess s : servers) {
            if (s != null && s.alive()) {
                l.add(s);
            }
        }
        return l;
    }

    /** Waits until every live member is established under one leader; returns the leader's id. */
    private int awaitEstablished(long timeoutMs) throws Exception {
        return awaitEstablished(timeoutMs, -1);
    }

    /** As {@link #awaitEstablished(long)}, under a leader other than {@code notLeader}. */
    private int awaitEstablished(long timeoutMs, int notLeader) throws Exception {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (true) {
            int leader = -1;
            boolean ok = true;
            for (ServerProcess s : live()) {
                Map<String, String> st = s.status();
                if (!"true".equals(st.get("established"))) {
                    ok = false;
                    break;
                }
                int l = Integer.parseInt(st.get("leader"));
                if (leader != -1 && l != leader) {
                    ok = false;
                    break;
                }
                leader = l;
            }
            if (ok && leader > 0 && leader != notLeader) {
                return leader;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no established ensemble within " + timeoutMs + " ms: " + statuses());
            }
            Thread.sleep(20);
        }
    }

    private String statuses() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (ServerProcess s : live()) {
            sb.append("\n  ").append(s.id).append(": ").append(s.status());
        }
        return sb.toString();
    }

    /** Waits until every live member has applied the same zxid with the same digest. */
    private void awaitConverged(long timeoutMs) throws Exception {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (true) {
            Set<String> states = new TreeSet<>();
            for (ServerProcess s : live()) {
                Map<String, String> st = s.status();
                states.add(st.get("applied") + "/" + st.get("digest"));
            }
            if (states.size() == 1) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("members did not converge within " + timeoutMs + " ms: " + statuses());
            }
            Thread.sleep(50);
        }
    }

    private void assertAckedEverywhere() throws Exception {
        for (ServerProcess s : servers) {
            if (s != null) {
                acked.addAll(s.acked);
            }
        }
        List<String> paths = new ArrayList<>(acked);
        Collections.sort(paths);
        for (ServerProcess s : live()) {
            List<String> missing = s.missing(paths);
            assertTrue(missing.isEmpty(), "server " + s.id + " lost acknowledged writes " + missing);
        }
    }

    private void awaitAcks(ServerProcess s, String tag, int n, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (s.acked.stream().filter(p -> p.startsWith("/" + tag + "-")).count() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("server " + s.id + ": fewer than " + n + " " + tag + " writes acknowledged");
            }
            Thread.sleep(10);
        }
    }

    /** Waits until {@code s} has logged {@code n} proposals beyond what it applied, durably. */
    private static void awaitDurableTail(ServerProcess s, int n, long timeoutMs) throws Exception {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (true) {
            Map<String, String> st = s.status();
            long applied = Long.parseLong(st.get("applied").substring(2), 16);
            long last = Long.parseLong(st.get("last").substring(2), 16);
            if (last - applied >= n && st.get("durable").equals(st.get("last"))) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "server " + s.id + " never logged its uncommitted tail: " + st);
            Thread.sleep(10);
        }
    }

    /** Kills the leader and returns the time until the survivors are established again, in ms. */
    private long killLeaderAndMeasure(int leader) throws Exception {
        long t0 = System.nanoTime();
        kill(leader);
        awaitEstablished(30_000, leader);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    @Timeout(240)
    void crashesRestartsWipeAndMinority() throws Exception {
        ensemble = new EnsembleDirs(dir, 3, TICK_MS, INIT_LIMIT, SYNC_LIMIT);
        for (int id = 1; id <= 3; id++) {
            start(id);
        }
        int leader = awaitEstablished(60_000);

        // writes commit on all three
        servers[leader].write(100, "a");
        awaitAcks(servers[leader], "a", 100, 30_000);
        awaitConverged(30_000);

        // kill -9 the leader: a new one is elected, no acknowledged write is lost
        List<Long> electionMs = new ArrayList<>();
        int old = leader;
        electionMs.add(killLeaderAndMeasure(old));
        leader = awaitEstablished(30_000);
        assertAckedEverywhere();

        // the old leader restarts and rejoins by DIFF or TRUNC
        servers[leader].write(30, "b");
        awaitAcks(servers[leader], "b", 30, 30_000);
        start(old);
        awaitEstablished(30_000);
        awaitConverged(30_000);
        String mode = servers[old].status().get("sync");
        assertTrue(mode.equals("DIFF") || mode.equals("TRUNC"), "old leader rejoined by " + mode);
        assertAckedEverywhere();

        // a follower with its data wiped rejoins by SNAP
        int wiped = old;
        kill(wiped);
        ensemble.wipe(wiped);
        start(wiped);
        awaitEstablished(30_000);
        awaitConverged(30_000);
        assertEquals("SNAP", servers[wiped].status().get("sync"));
        assertAckedEverywhere();

        // the leader logs proposals no follower logs and dies: one follower is killed, the other paused
        // (the proposals wait unread in its socket) and killed after the leader. When the old leader
        // returns, the new leader has a new epoch without them and truncates them away (TRUNC).
        int fa = other(leader, -1);
        int fb = other(leader, fa);
        kill(fa);
        servers[fb].signal("STOP");
        servers[leader].write(5, "u");
        awaitDurableTail(servers[leader], 5, 10_000);
        old = leader;
        kill(old);
        kill(fb);
        start(fa);
        start(fb);
        leader = awaitEstablished(30_000, old);
        servers[leader].write(10, "e");
        awaitAcks(servers[leader], "e", 10, 30_000);
        start(old);
        awaitEstablished(30_000);
        awaitConverged(30_000);
        assertEquals("TRUNC", servers[old].status().get("sync"));
        assertEquals(List.of("/u-0"), servers[old].missing(List.of("/u-0")), "uncommitted proposal truncated");
        assertAckedEverywhere();

        // one follower paused: the other two still commit
        int f1 = other(leader, -1);
        int f2 = other(leader, f1);
        servers[f1].signal("STOP");
        servers[leader].write(20, "c");
        awaitAcks(servers[leader], "c", 20, 30_000);
        servers[f1].signal("CONT");
        awaitConverged(30_000);

        // leader and one follower paused: the remaining follower is a minority and cannot commit
        servers[leader].signal("STOP");
        servers[f1].signal("STOP");
        servers[f2].write(5, "d");
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < deadline) {
            assertEquals(0, servers[f2].acked.stream().filter(p -> p.startsWith("/d-")).count(), "minority committed");
            Thread.sleep(50);
        }
        long lookingDeadline = System.nanoTime() + 10_000_000_000L;
        while (!servers[f2].status().get("state").equals("LOOKING")) {
            assertTrue(System.nanoTime() < lookingDeadline, "minority member never left broadcast");
            Thread.sleep(50);
        }
        assertEquals(0, servers[f2].acked.stream().filter(p -> p.startsWith("/d-")).count(), "minority committed");
        servers[leader].signal("CONT");
        servers[f1].signal("CONT");
        awaitEstablished(30_000);
        awaitConverged(30_000);
        assertAckedEverywhere();

        // a second leader kill, for the election time figures
        leader = awaitEstablished(30_000);
        electionMs.add(killLeaderAndMeasure(leader));
        System.out.println("ELECTION_MS " + electionMs + " syncs=" + syncModes());
    }

    /** How often members were synced by each mode, counted in the child logs. */
    private String syncModes() throws java.io.IOException {
        int[] counts = new int[3];
        String[] modes = {"DIFF", "TRUNC", "SNAP"};
        for (int id = 1; id <= 3; id++) {
            Path log = dir.resolve("server" + id + ".log");
            if (java.nio.file.Files.exists(log)) {
                for (String line : java.nio.file.Files.readAllLines(log)) {
                    for (int m = 0; m < 3; m++) {
                        if (line.endsWith("is synced by " + modes[m])) {
                            counts[m]++;
                        }
                    }
                }
            }
        }
        return "DIFF:" + counts[0] + ",TRUNC:" + counts[1] + ",SNAP:" + counts[2];
    }

    private static int other(int a, int b) {
        for (int id = 1; id <= 3; id++) {
            if (id != a && id != b) {
                return id;
            }
        }
        throw new IllegalStateException();
    }

    /** Kill -9 rounds under continuous writes: no acknowledged write lost, all converge. */
    @Test
    @Timeout(600)
    void killLoopUnderWrites() throws Exception {
        int rounds = Integer.getInteger("quorum.killRounds", 10);
        ensemble = new EnsembleDirs(dir, 3, TICK_MS, INIT_LIMIT, SYNC_LIMIT);
        for (int id = 1; id <= 3; id++) {
            start(id);
        }
        awaitEstablished(60_000);
        Random random = new Random(Long.getLong("quorum.seed", 42L));
        AtomicBoolean writing = new AtomicBoolean(true);
        int[] leaderBox = {awaitEstablished(30_000)};
        Thread writer = new Thread(() -> {
            int batch = 0;
            while (writing.get()) {
                ServerProcess target = servers[leaderBox[0]];
                try {
                    if (target != null && target.alive()) {
                        target.write(10, "r" + batch++);
                    }
                    Thread.sleep(20);
                } catch (Exception | AssertionError e) {
                    // the target died under us: the next batch goes to the next leader
                }
            }
        }, "writer");
        writer.start();
        List<Long> electionMs = new ArrayList<>();
        int leaderKills = 0;
        try {
            for (int round = 0; round < rounds; round++) {
                int leader = awaitEstablished(60_000);
                leaderBox[0] = leader;
                Thread.sleep(300 + random.nextInt(500));
                boolean killLeader = round % 2 == 0 || random.nextBoolean();
                int victim = killLeader ? leader : other(leader, random.nextBoolean() ? -1 : other(leader, -1));
                if (killLeader) {
                    leaderKills++;
                    electionMs.add(killLeaderAndMeasure(victim));
                } else {
                    kill(victim);
                }
                leaderBox[0] = awaitEstablished(30_000, killLeader ? victim : -1);
                start(victim);
            }
        } finally {
            writing.set(false);
            writer.join(70_000);
        }
        awaitEstablished(60_000);
        awaitConverged(60_000);
        assertAckedEverywhere();
        List<Long> sorted = new ArrayList<>(electionMs);
        Collections.sort(sorted);
        System.out.println("KILL_LOOP rounds=" + rounds + " leaderKills=" + leaderKills + " acked=" + acked.size()
                + " electionMs=" + electionMs + " median=" + (sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2))
                + " max=" + (sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1)) + " syncs=" + syncModes());
        assertTrue(acked.size() > 0, "some writes were acknowledged");
    }
}
