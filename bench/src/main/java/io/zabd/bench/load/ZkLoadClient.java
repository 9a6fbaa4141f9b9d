package io.zabd.bench.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * The real {@link LoadClient}: {@code sessions} handles of the official ZooKeeper client, session
 * {@code i} connected to server {@code i mod servers} only (so sessions are spread round-robin and stay
 * where they were put), all requests asynchronous.
 *
 * <p>Paths: the node set is {@code /zabd-bench/n-<i>}; creates go under {@code /zabd-bench/c-<runTag>}
 * (unique paths {@code s<session>-<counter>}, or sequential {@code n-<seq>}). A result is an error if its
 * code is not OK, a create returns another path, a setData stat has another data length, or a getData
 * returns other bytes than {@link Payloads#forNode}.
 */
public final class ZkLoadClient implements LoadClient {
    static final String ROOT = "/zabd-bench";
    /** Requests in flight while the node set is created. */
    static final int PREPARE_IN_FLIGHT_MAX = 1_000;
    /** How many errors are described on stderr per client (the rest are only counted). */
    static final int ERRORS_DESCRIBED_MAX = 10;
    /**
     * Bound on one prefill multi request: below ZooKeeper's default {@code jute.maxbuffer} (0xfffff bytes),
     * which both servers apply to a request.
     */
    static final long MULTI_BYTES_MAX = 1_000_000;
    /** Per create in a multi, besides path and data: op header, flags, the open ACL, length prefixes. */
    static final int MULTI_OP_OVERHEAD_BYTES = 64;

    private final ZooKeeper[] handles;
    private final SessionCallbacks[] callbacks;
    private final AtomicInteger errorsDescribed = new AtomicInteger();
    private volatile byte[][] nodeData = new byte[0][];
    private volatile byte[] createData = new byte[0];
    private volatile String createPrefix = ROOT + "/c";
    private volatile boolean sequentialCreate;

    private ZkLoadClient(ZooKeeper[] handles) {
        this.handles = handles;
        this.callbacks = new SessionCallbacks[handles.length];
        for (int s = 0; s < handles.length; s++) {
            callbacks[s] = new SessionCallbacks(s);
        }
    }

    /**
     * Opens {@code sessions} sessions over {@code servers} ({@code host:port} each) and waits until all are
     * connected.
     */
    public static ZkLoadClient connect(List<String> servers, int sessions, int sessionTimeoutMs, long connectTimeoutMs)
            throws IOException, InterruptedException {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no servers to connect to");
        }
        ZooKeeper[] handles = new ZooKeeper[sessions];
        CountDownLatch connected = new CountDownLatch(sessions);
        try {
            for (int s = 0; s < sessions; s++) {
                AtomicInteger once = new AtomicInteger();
                Watcher watcher = event -> {
                    if (event.getState() == Watcher.Event.KeeperState.SyncConnected && once.getAndIncrement() == 0) {
                        connected.countDown();
                    }
                };
                handles[s] = new ZooKeeper(servers.get(s % servers.size()), sessionTimeoutMs, watcher);
            }
            if (!connected.await(connectTimeoutMs, TimeUnit.MILLISECONDS)) {
                throw new IOException((connected.getCount()) + " of " + sessions + " sessions not connected to "
                        + servers + " within " + connectTimeoutMs + " ms");
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            closeAll(handles);
            throw e;
        }
        return new ZkLoadClient(handles);
    }

    /** Splits a connect string {@code h1:p1,h2:p2} into its servers. */
    public static List<String> servers(String connectString) {
        List<String> out = new ArrayList<>();
        for (String part : connectString.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /**
     * Makes the paths {@code config} needs: the node set with its payloads (an existing node gets its
     * payload written again), or a fresh parent for creates tagged {@code runTag}.
     */
    public void prepare(LoadConfig config, String runTag) throws IOException, InterruptedException {
        createIfAbsent(ROOT, new byte[0]);
        int size = config.effectivePayloadBytes();
        if (config.workload().usesNodeSet()) {
            byte[][] data = Payloads.forNodeSet(config.nodeCount(), size);
            createNodeSet(data);
            nodeData = data;
        } else {
            String parent = ROOT + "/c-" + runTag;
            createIfAbsent(parent, new byte[0]);
            createData = Payloads.forNode(0, size);
            sequentialCreate = config.sequentialCreate();
            createPrefix = parent + (sequentialCreate ? "/n-" : "/s");
        }
    }

    private void createIfAbsent(String path, byte[] data) throws IOException, InterruptedException {
        try {
            handles[0].create(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            // already there from an earlier run against the same server
        } catch (KeeperException e) {
            throw new IOException("cannot create " + path + ": " + e.getMessage(), e);
        }
    }

    private void createNodeSet(byte[][] data) throws IOException, InterruptedException {
        Semaphore inFlight = new Semaphore(PREPARE_IN_FLIGHT_MAX);
        AtomicReference<String> failure = new AtomicReference<>();
        for (int i = 0; i < data.length; i++) {
            inFlight.acquire();
            String path = nodePath(i);
            byte[] bytes = data[i];
            ZooKeeper zk = handles[i % handles.length];
            zk.create(path, bytes, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, (rc, p, ctx, name) -> {
                if (rc == KeeperException.Code.NODEEXISTS.intValue()) {
                    zk.setData(path, bytes, -1, (rc2, p2, ctx2, stat) -> {
                        if (rc2 != KeeperException.Code.OK.intValue()) {
                            failure.compareAndSet(null, "setData " + path + ": " + KeeperException.Code.get(rc2));
                        }
                        inFlight.release();
                    }, null);
                    return;
                }
                if (rc != KeeperException.Code.OK.intValue()) {
                    failure.compareAndSet(null, "create " + path + ": " + KeeperException.Code.get(rc));
                }
                inFlight.release();
            }, null);
            if (failure.get() != null) {
                break;
            }
        }
        inFlight.acquire(PREPARE_IN_FLIGHT_MAX);
        inFlight.release(PREPARE_IN_FLIGHT_MAX);
        if (failure.get() != null) {
            throw new IOException("preparing the node set failed: " + failure.get());
        }
    }

    /**
     * Creates the whole node set of {@code config} on a fresh server in {@code multi} requests of
     * {@code batch} creates each, at most {@code inFlightBatches} in flight, spread over the sessions; then
     * uses it as {@link #prepare} would. Any node already there fails the prefill (a multi is atomic).
     *
     * @return the number of multi requests sent
     * @throws IllegalArgumentException if one multi could exceed the 1 MB request limit of ZooKeeper's
     *     default {@code jute.maxbuffer}
     */
    public int prefillNodeSet(LoadConfig config, int batch, int inFlightBatches) throws IOException,
            InterruptedException {
        int size = config.effectivePayloadBytes();
        long estimate = multiBytesEstimate(config.nodeCount(), size, batch);
        if (batch < 1 || inFlightBatches < 1 || estimate > MULTI_BYTES_MAX) {
            throw new IllegalArgumentException("prefill batch must be >= 1 and its multi at most " + MULTI_BYTES_MAX
                    + " bytes (about " + estimate + " with " + batch + " creates of " + size + " B), in flight >= 1");
        }
        createIfAbsent(ROOT, new byte[0]);
        byte[][] data = Payloads.forNodeSet(config.nodeCount(), size);
        Semaphore inFlight = new Semaphore(inFlightBatches);
        AtomicReference<String> failure = new AtomicReference<>();
        int multis = 0;
        for (int first = 0; first < data.length && failure.get() == null; first += batch) {
            List<Op> ops = new ArrayList<>(batch);
            for (int i = first; i < Math.min(data.length, first + batch); i++) {
                ops.add(Op.create(nodePath(i), data[i], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
            }
            inFlight.acquire();
            int from = first;
            handles[multis % handles.length].multi(ops, (rc, path, ctx, results) -> {
                if (rc != KeeperException.Code.OK.intValue()) {
                    failure.compareAndSet(null, "multi of the creates from " + nodePath(from) + ": "
                            + KeeperException.Code.get(rc));
                }
                inFlight.release();
            }, null);
            multis++;
        }
        inFlight.acquire(inFlightBatches);
        inFlight.release(inFlightBatches);
        if (failure.get() != null) {
            throw new IOException("prefilling the node set failed: " + failure.get());
        }
        nodeData = data;
        return multis;
    }

    /** An upper estimate of one prefill multi's request bytes (path, data, open ACL, op headers). */
    static long multiBytesEstimate(int nodeCount, int payloadBytes, int batch) {
        long pathBytes = nodePath(Math.max(0, nodeCount - 1)).length();
        return (long) batch * (pathBytes + payloadBytes + MULTI_OP_OVERHEAD_BYTES) + MULTI_OP_OVERHEAD_BYTES;
    }

    static String nodePath(int node) {
        return ROOT + "/n-" + node;
    }

    @Override
    public int sessions() {
        return handles.length;
    }

    @Override
    public void submit(int session, OpKind kind, int node, long intendedNs, Completion completion) {
        SessionCallbacks cb = callbacks[session];
        Pending pending = new Pending(intendedNs, node, completion);
        ZooKeeper zk = handles[session];
        switch (kind) {
            case CREATE:
                if (sequentialCreate) {
                    zk.create(createPrefix, createData, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL,
                            cb, pending);
                } else {
                    zk.create(createPrefix + session + "-" + cb.nextCreate(), createData, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                            CreateMode.PERSISTENT, cb, pending);
                }
                break;
            case SET_DATA:
                zk.setData(nodePath(node), nodeData[node], -1, cb, pending);
                break;
            case GET_DATA:
                zk.getData(nodePath(node), false, cb, pending);
                break;
            default:
                throw new IllegalStateException("unhandled op " + kind);
        }
    }

    /** A request in flight: its intended time, node, and whom to tell. */
    private record Pending(long intendedNs, int node, Completion completion) {}

    /** The callbacks of one session; they run on that session's event thread. */
    private final class SessionCallbacks
            implements AsyncCallback.StringCallback, AsyncCallback.StatCallback, AsyncCallback.DataCallback {
        private final int session;
        private final AtomicInteger createCounter = new AtomicInteger();

        SessionCallbacks(int session) {
            this.session = session;
        }

        int nextCreate() {
            return createCounter.getAndIncrement();
        }

        @Override
        public void processResult(int rc, String path, Object ctx, String name) {
            boolean ok = rc == 0 && name != null && name.startsWith(createPrefix);
            finish(ok, rc, "create", path, ctx);
        }

        @Override
        public void processResult(int rc, String path, Object ctx, Stat stat) {
            Pending pending = (Pending) ctx;
            boolean ok = rc == 0 && stat != null && stat.getDataLength() == nodeData[pending.node].length;
            finish(ok, rc, "setData", path, ctx);
        }

        @Override
        public void processResult(int rc, String path, Object ctx, byte[] data, Stat stat) {
            Pending pending = (Pending) ctx;
            boolean ok = rc == 0 && Arrays.equals(data, nodeData[pending.node]);
            finish(ok, rc, "getData", path, ctx);
        }

        private void finish(boolean ok, int rc, String op, String path, Object ctx) {
            Pending pending = (Pending) ctx;
            if (!ok && errorsDescribed.getAndIncrement() < ERRORS_DESCRIBED_MAX) {
                System.err.println("load error: session " + session + " " + op + " " + path + ": "
                        + (rc == 0 ? "wrong result" : KeeperException.Code.get(rc)));
            }
            pending.completion.completed(session, pending.intendedNs, ok);
        }
    }

    @Override
    public void close() {
        closeAll(handles);
    }

    private static void closeAll(ZooKeeper[] handles) {
        for (ZooKeeper zk : handles) {
            if (zk == null) {
                continue;
            }
            try {
                zk.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
