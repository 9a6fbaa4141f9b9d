package io.zabd.server.admin;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ServerState} with fixed figures: two sessions (0x1000, 0x1001) on two connections plus one
 * connection without a session; session 0x1000 watches /a and /b, 0x1001 watches /a; 0x1001 owns the
 * ephemeral /b and 0x1000 owns /a/e. The same shape as FourLetterWordsCompatTest gives ZooKeeper.
 */
public class FakeServerState implements ServerState {
    public static final long SESSION_0 = 0x1000;
    public static final long SESSION_1 = 0x1001;
    public static final String VERSION = "3.9.5-zabd-test, built on 2026-11-27 00:00 UTC";

    public volatile boolean serving = true;
    public volatile ServerMode mode = ServerMode.STANDALONE;
    public final Map<String, Number> metrics = new LinkedHashMap<>();
    public final AtomicInteger connectionResets = new AtomicInteger();
    public final AtomicInteger serverResets = new AtomicInteger();
    public final List<ZxidDigest> digests = new ArrayList<>();

    @Override
    public boolean isServing() {
        return serving;
    }

    @Override
    public ServerMode mode() {
        return mode;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public ServerStats stats() {
        return new ServerStats(1, 2.33333, 7, 13, 12, 0, 0x5, 8, 3, 2, 4, 2, 55, 420, 84, 22, 89, 0);
    }

    @Override
    public Map<String, Number> metrics() {
        return Map.copyOf(metrics);
    }

    @Override
    public List<ConnectionInfo> connections() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        return List.of(
                ConnectionInfo.withoutSession(new InetSocketAddress(loopback, 53706), 0, 0, 1, 0),
                new ConnectionInfo(new InetSocketAddress(loopback, 53642), 1, 0, 5, 5, SESSION_0, "EXIS",
                        1_795_786_301_211L, 10_000, 4, 5, 1_941_930, 0, 0, 3, 6),
                new ConnectionInfo(new InetSocketAddress(loopback, 53654), 1, 0, 4, 4, SESSION_1, "GETC",
                        1_795_786_301_226L, 10_000, 3, 5, 1_941_929, 1, 0, 1, 2));
    }

    @Override
    public void resetConnectionStats() {
        connectionResets.incrementAndGet();
    }

    @Override
    public void resetServerStats() {
        serverResets.incrementAndGet();
    }

    @Override
    public CompletionStage<WatchReport> watches() {
        return CompletableFuture.completedFuture(new WatchReport(Map.of(SESSION_0, List.of("/a", "/b"),
                SESSION_1, List.of("/a"))));
    }

    @Override
    public CompletionStage<SessionReport> sessions() {
        return CompletableFuture.completedFuture(new SessionReport(
                Map.of(1_795_786_311_000L, List.of(SESSION_1, SESSION_0)),
                Map.of(SESSION_1, List.of("/b"), SESSION_0, List.of("/a/e"))));
    }

    @Override
    public List<ZxidDigest> digestLog() {
        return List.copyOf(digests);
    }
}
