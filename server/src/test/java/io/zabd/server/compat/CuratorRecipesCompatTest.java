package io.zabd.server.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.queue.DistributedQueue;
import org.apache.curator.framework.recipes.queue.QueueBuilder;
import org.apache.curator.framework.recipes.queue.QueueConsumer;
import org.apache.curator.framework.recipes.queue.QueueSerializer;
import org.apache.curator.framework.recipes.shared.SharedCount;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Goal: the Curator 5.9.0 recipes named by issue 3 work unchanged on every target: LeaderLatch elects
 * exactly one leader and hands over, InterProcessMutex excludes, SharedCount counts every increment,
 * DistributedQueue delivers every item once, CuratorCache sees creates, changes and deletes.
 */
class CuratorRecipesCompatTest {
    private static final long DEADLINE_S = 30;

    private static CuratorFramework curator(TargetServer server) throws InterruptedException {
        CuratorFramework c = CuratorFrameworkFactory.builder().connectString(server.connectString())
                .sessionTimeoutMs(Clients.SESSION_TIMEOUT_MS).connectionTimeoutMs(10_000)
                .retryPolicy(new RetryOneTime(100)).build();
        c.start();
        assertTrue(c.blockUntilConnected((int) DEADLINE_S, TimeUnit.SECONDS), "Curator connected");
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#all")
    void leaderLatchElectsOneAndHandsOver(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS);
                CuratorFramework a = curator(server);
                CuratorFramework b = curator(server)) {
            LeaderLatch la = new LeaderLatch(a, "/leader", "a");
            LeaderLatch lb = new LeaderLatch(b, "/leader", "b");
            la.start();
            assertTrue(la.await(DEADLINE_S, TimeUnit.SECONDS), "the first latch leads");
            lb.start();
            assertEquals("a", lb.getLeader().getId());
            la.close();
            assertTrue(lb.await(DEADLINE_S, TimeUnit.SECONDS), "leadership passes on close");
            lb.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#all")
    void interProcessMutexExcludes(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS);
                CuratorFramework a = curator(server);
                CuratorFramework b = curator(server)) {
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger maxInside = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (CuratorFramework c : List.of(a, b)) {
                    InterProcessMutex mutex = new InterProcessMutex(c, "/lock");
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 10; i++) {
                            if (!mutex.acquire(DEADLINE_S, TimeUnit.SECONDS)) {
                                throw new AssertionError("lock not acquired");
                            }
                            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            inside.decrementAndGet();
                            mutex.release();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(DEADLINE_S, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, maxInside.get(), "never two holders at once");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#all")
    void sharedCountCountsEveryIncrement(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS);
                CuratorFramework a = curator(server);
                CuratorFramework b = curator(server)) {
            SharedCount ca = new SharedCount(a, "/count", 0);
            SharedCount cb = new SharedCount(b, "/count", 0);
            ca.start();
            cb.start();
            for (int i = 0; i < 10; i++) {
                for (SharedCount c : List.of(ca, cb)) {
                    org.apache.curator.framework.recipes.shared.VersionedValue<Integer> v = c.getVersionedValue();
                    while (!c.trySetCount(v, v.getValue() + 1)) {
                        v = c.getVersionedValue();
                    }
                }
            }
            assertEquals(20, java.nio.ByteBuffer.wrap(a.getData().forPath("/count")).getInt(), "the stored count");
            ca.close();
            cb.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#all")
    void distributedQueueDeliversEachItemOnce(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS);
                CuratorFramework producer = curator(server);
                CuratorFramework consumer = curator(server)) {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            QueueSerializer<String> serializer = new QueueSerializer<>() {
                @Override
                public byte[] serialize(String item) {
                    return item.getBytes(StandardCharsets.UTF_8);
                }

                @Override
                public String deserialize(byte[] bytes) {
                    return new String(bytes, StandardCharsets.UTF_8);
                }
            };
            QueueConsumer<String> sink = new QueueConsumer<>() {
                @Override
                public void consumeMessage(String message) {
                    received.add(message);
                }

                @Override
                public void stateChanged(CuratorFramework client, ConnectionState newState) {
                    // nothing to do in this test
                }
            };
            try (DistributedQueue<String> in = QueueBuilder.builder(consumer, sink, serializer, "/queue").buildQueue();
                    DistributedQueue<String> out = QueueBuilder.builder(producer, null, serializer, "/queue").buildQueue()) {
                in.start();
                out.start();
                for (int i = 0; i < 20; i++) {
                    out.put("item-" + i);
                }
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String s = received.poll(DEADLINE_S, TimeUnit.SECONDS);
                    assertNotNull(s, "item " + i + " delivered");
                    got.add(s);
                }
                got.sort(null);
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    expected.add("item-" + i);
                }
                expected.sort(null);
                assertEquals(expected, got);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.zabd.server.compat.CompatTargets#all")
    void curatorCacheSeesChanges(TargetFactory target, @TempDir Path dir) throws Exception {
        try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS);
                CuratorFramework c = curator(server)) {
            c.create().forPath("/cache");
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            CountDownLatch initialized = new CountDownLatch(1);
            try (CuratorCache cache = CuratorCache.build(c, "/cache")) {
                cache.listenable().addListener(CuratorCacheListener.builder()
                        .forCreates(n -> events.add("create " + n.getPath()))
                        .forChanges((o, n) -> events.add("change " + n.getPath() + " " + new String(n.getData(),
                                StandardCharsets.UTF_8)))
                        .forDeletes(o -> events.add("delete " + o.getPath()))
                        .forInitialized(initialized::countDown).build());
                cache.start();
                assertTrue(initialized.await(DEADLINE_S, TimeUnit.SECONDS));
                assertEquals("create /cache", events.poll(DEADLINE_S, TimeUnit.SECONDS));
                c.create().forPath("/cache/a", "1".getBytes(StandardCharsets.UTF_8));
                assertEquals("create /cache/a", events.poll(DEADLINE_S, TimeUnit.SECONDS));
                c.setData().forPath("/cache/a", "2".getBytes(StandardCharsets.UTF_8));
                assertEquals("change /cache/a 2", events.poll(DEADLINE_S, TimeUnit.SECONDS));
                c.delete().forPath("/cache/a");
                assertEquals("delete /cache/a", events.poll(DEADLINE_S, TimeUnit.SECONDS));
            }
        }
    }
}
