package io.zabd.server.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/** Helpers shared by compatibility tests: a connected official client, a raw four-letter word. */
public final class Clients {
    public static final int SESSION_TIMEOUT_MS = 10_000;
    public static final long CONNECT_DEADLINE_MS = 10_000;
    private static final int SOCKET_TIMEOUT_MS = 10_000;
    /** The super user every target is configured with ({@code addAuthInfo("digest", SUPER_AUTH)}). */
    public static final String SUPER_AUTH = "super:compat-secret";
    /** Its digest, {@code super:base64(sha1("super:compat-secret"))}, zoo.cfg superDigest. */
    public static final String SUPER_DIGEST = io.zabd.engine.tree.prep.Permissions.digestId(SUPER_AUTH);

    private Clients() {}

    /** An official client, returned once it is connected (or an exception after the deadline). */
    public static ZooKeeper connect(String connectString) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, SESSION_TIMEOUT_MS, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(CONNECT_DEADLINE_MS, TimeUnit.MILLISECONDS)) {
            zk.close();
            throw new IOException("not connected to " + connectString + " within " + CONNECT_DEADLINE_MS + " ms");
        }
        return zk;
    }

    /** Sends a four-letter word on a fresh connection and returns everything until the server closes. */
    public static String fourLetterWord(InetSocketAddress address, String word) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, SOCKET_TIMEOUT_MS);
            socket.setSoTimeout(SOCKET_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
