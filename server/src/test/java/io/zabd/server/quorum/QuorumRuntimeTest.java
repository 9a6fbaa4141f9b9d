package io.zabd.server.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.tree.ApplyResult;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.TxnHeader;
import io.zabd.server.config.ZooCfgParser;
import io.zabd.server.zab.ServerState;
import io.zabd.server.zab.SubmitResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three runtimes in one JVM over loopback TCP: election, replicated writes, restart with DIFF. */
class QuorumRuntimeTest {
    @TempDir
    Path dir;
    private final List<QuorumPeerRuntime> runtimes = new ArrayList<>();
    private final Set<String> committedAtLeader = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() {
        for (QuorumPeerRuntime rt : runtimes) {
            if (rt != null) {
                rt.close();
            }
        }
    }

    private QuorumPeerRuntime start(EnsembleDirs e, int id) throws Exception {
        QuorumListener l = new QuorumListener() {
            @Override
            public void onCommitted(Txn txn, ApplyResult result) {
                committedAtLeader.add(id + ":" + result.path());
            }
        };
        return QuorumPeerRuntime.start(ZooCfgParser.parse(e.config(id)), QuorumRuntimeConfig.defaults(),
                PeerTransport.Limits.defaults(0xfffff), l);
    }

    private static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private QuorumPeerRuntime leader() {
        for (QuorumPeerRuntime rt : runtimes) {
            if (rt != null && rt.status().state() == ServerState.LEADING && rt.status().established()) {
                return rt;
            }
        }
        return null;
    }

    private boolean allEstablished() {
        for (QuorumPeerRuntime rt : runtimes) {
            if (rt != null && !rt.status().established()) {
                return false;
            }
        }
        return true;
    }

    private static Txn create(long session, int cxid, String path) {
        return new Txn(new TxnHeader(session, cxid, 0, 1000 + cxid, OpCode.CREATE),
                new TxnBody.Create(path, path.getBytes(StandardCharsets.UTF_8), Acl.OPEN_ACL_UNSAFE, false, -1));
    }

    private boolean converged() {
        long applied = -2;
        long digest = 0;
        for (QuorumPeerRuntime rt : runtimes) {
            RuntimeStatus s = rt.status();
            if (applied == -2) {
                applied = s.appliedZxid();
                digest = s.digest();
            } else if (s.appliedZxid() != applied || s.digest() != digest) {
                return false;
            }
        }
        return true;
    }

    @Test
    void electsCommitsOnAllAndRejoinsAfterRestart() throws Exception {
        EnsembleDirs e = new EnsembleDirs(dir, 3, 100, 20, 10);
        for (int id = 1; id <= 3; id++) {
            runtimes.add(start(e, id));
        }
        await("an established leader and followers", 20_000, () -> leader() != null && allEstablished());
        QuorumPeerRuntime leader = leader();
        QuorumPeerRuntime follower = runtimes.stream().filter(r -> r != leader).findFirst().orElseThrow();
        for (int i = 0; i < 50; i++) {
            SubmitResult[] r = new SubmitResult[1];
            QuorumPeerRuntime via = i % 2 == 0 ? leader : follower;
            assertTrue(via.submit(create(7, i, "/n" + i), x -> r[0] = x));
        }
        await("50 commits on every member", 20_000, () -> committedAtLeader.size() == 150);
        await("equal digests at equal zxid", 10_000, this::converged);
        await("the leader reports both followers synced", 10_000, () -> leader.status().syncedFollowers().size() == 2);
        assertEquals("leader", leader.status().mode());

        int fIndex = runtimes.indexOf(follower);
        follower.close();
        runtimes.set(fIndex, null);
        for (int i = 50; i < 60; i++) {
            leader.submit(create(7, i, "/n" + i), x -> { });
        }
        await("writes commit with one follower down", 20_000, () -> committedAtLeader.stream()
                .filter(s -> s.endsWith("/n59")).count() == 2);
        runtimes.set(fIndex, start(e, fIndex + 1));
        await("restarted follower rejoins", 20_000, () -> allEstablished() && leader() != null);
        await("equal digests after rejoin", 20_000, this::converged);
        assertEquals("DIFF", runtimes.get(fIndex).status().lastSyncMode());
    }

    @Test
    void observerLearnsCommitsButNeverVotes() throws Exception {
        EnsembleDirs e = new EnsembleDirs(dir, 4, 1, 100, 20, 10);
        for (int id = 1; id <= 4; id++) {
            runtimes.add(start(e, id));
        }
        await("an established leader, followers and observer", 20_000, () -> leader() != null && allEstablished());
        assertEquals(ServerState.OBSERVING, runtimes.get(3).status().state());
        assertTrue(runtimes.get(3).status().leaderId() != 4, "the observer is never elected");
        QuorumPeerRuntime observer = runtimes.get(3);
        for (int i = 0; i < 20; i++) {
            assertTrue(observer.submit(create(9, i, "/o" + i), x -> { }));
        }
        await("20 commits on all four", 20_000, () -> committedAtLeader.stream().filter(s -> s.contains("/o")).count() == 80);
        await("equal digests", 10_000, this::converged);
    }
}
