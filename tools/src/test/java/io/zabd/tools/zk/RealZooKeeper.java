package io.zabd.tools.zk;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.SyncRequestProcessor;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.persistence.FileTxnLog;
import org.apache.zookeeper.server.persistence.FilePadding;
import org.apache.zookeeper.server.persistence.SnapStream;

/**
 * An Apache ZooKeeper 3.9.5 standalone server (from the test-scope jar) on a free loopback port,
 * with its JVM-wide knobs (snapCount, preAllocSize, snapshot compression, extended types) set for
 * the test and restored on close. Tests using it must not run concurrently with each other.
 */
final class RealZooKeeper implements AutoCloseable {
    static final int TICK_MS = 2000;
    static final int SESSION_TIMEOUT_MS = 30_000;
    private static final String EXTENDED_TYPES = "zookeeper.extendedTypesEnabled";

    /** The knobs a test chooses. */
    record Settings(int snapCount, long preAllocBytes, SnapStream.StreamMode compression) {}

    private final ZooKeeperServer server;
    private final ServerCnxnFactory factory;
    private final int savedSnapCount;
    private final long savedPreAlloc;
    private final SnapStream.StreamMode savedMode;
    private final String savedExtended;
    private final String savedCompressionProperty;
    /** zxids at which the server reported a digest mismatch. */
    final List<Long> digestMismatches = new CopyOnWriteArrayList<>();

    private RealZooKeeper(Path dataDir, Path dataLogDir, Settings settings) throws IOException, InterruptedException {
        savedSnapCount = SyncRequestProcessor.getSnapCount();
        savedPreAlloc = FilePadding.getPreAllocSize();
        savedMode = SnapStream.getStreamMode();
        savedExtended = System.getProperty(EXTENDED_TYPES);
        savedCompressionProperty = System.getProperty(SnapStream.ZOOKEEPER_SHAPSHOT_STREAM_MODE);
        SyncRequestProcessor.setSnapCount(settings.snapCount());
        FileTxnLog.setPreallocSize(settings.preAllocBytes());
        System.setProperty(SnapStream.ZOOKEEPER_SHAPSHOT_STREAM_MODE, settings.compression().getName());
        // SnapStream reads the property once per JVM; set the mode it derived from it directly too
        SnapStream.setStreamMode(settings.compression());
        System.setProperty(EXTENDED_TYPES, "true");
        ZooKeeperServer zks = null;
        ServerCnxnFactory f = null;
        try {
            // this constructor hands its first argument to FileTxnSnapLog as the log dir (its
            // parameter names say otherwise; the server's start-up log line shows which is which)
            zks = new ZooKeeperServer(dataLogDir.toFile(), dataDir.toFile(), TICK_MS);
            zks.getZKDatabase().getDataTree().addDigestWatcher(digestMismatches::add);
            f = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", 0), 100);
            f.startup(zks);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (f != null) {
                f.shutdown();
            }
            if (zks != null) {
                zks.shutdown();
            }
            restore();
            throw e;
        }
        this.server = zks;
        this.factory = f;
    }

    static RealZooKeeper start(Path dataDir, Path dataLogDir, Settings settings) throws IOException, InterruptedException {
        return new RealZooKeeper(dataDir, dataLogDir, settings);
    }

    ZooKeeperServer server() {
        return server;
    }

    String connectString() {
        return "127.0.0.1:" + factory.getLocalPort();
    }

    /** A connected client; waits (with a deadline) for SyncConnected. */
    ZooKeeper client() throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString(), SESSION_TIMEOUT_MS, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(20, TimeUnit.SECONDS)) {
            zk.close();
            throw new IOException("client did not connect to " + connectString() + " within 20 s");
        }
        return zk;
    }

    @Override
    public void close() {
        try {
            factory.shutdown();
            server.shutdown();
        } finally {
            restore();
        }
    }

    private void restore() {
        SyncRequestProcessor.setSnapCount(savedSnapCount);
        FileTxnLog.setPreallocSize(savedPreAlloc);
        SnapStream.setStreamMode(savedMode);
        restoreProperty(EXTENDED_TYPES, savedExtended);
        restoreProperty(SnapStream.ZOOKEEPER_SHAPSHOT_STREAM_MODE, savedCompressionProperty);
    }

    private static void restoreProperty(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
