package io.zabd.server.net;

import io.zabd.server.client.proto.ConnectRequest;
import io.zabd.server.client.proto.ConnectResponse;
import io.zabd.server.client.proto.ReplyHeader;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.RequestHeader;
import io.zabd.server.client.proto.Response;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * A test {@link RequestSink}: records what the transport decoded and answers from a script on its
 * own thread (as the server core will: replies come from a thread that is not Netty's).
 */
public final class RecordingSink implements RequestSink, AutoCloseable {
    /** A scripted answer: the header err and the body. */
    public record Reply(int err, Response body) {}

    /** One decoded request with the connection it came on. */
    public record Received(ClientConnection connection, RequestHeader header, Request body) {}

    public static final long SESSION_ID = 0x1000_0000_0000_0042L;
    public static final byte[] PASSWORD = new byte[16];

    public final BlockingQueue<ConnectRequest> connects = new LinkedBlockingQueue<>();
    public final BlockingQueue<Received> requests = new LinkedBlockingQueue<>();
    public final BlockingQueue<ClientConnection> connections = new LinkedBlockingQueue<>();
    public final BlockingQueue<ClientConnection> disconnects = new LinkedBlockingQueue<>();
    public final AtomicInteger readCompletes = new AtomicInteger();
    private final AtomicLong zxid = new AtomicLong(0x100000000L);
    private final ExecutorService replier = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-replier"));
    private final BiFunction<RequestHeader, Request, Reply> script;

    public RecordingSink(BiFunction<RequestHeader, Request, Reply> script) {
        this.script = script;
    }

    @Override
    public void onConnect(ClientConnection connection, ConnectRequest request) {
        connects.add(request);
        connections.add(connection);
        replier.execute(() -> {
            connection.sendConnectResponse(new ConnectResponse(0, request.timeOutMs(), SESSION_ID, PASSWORD, false));
            connection.flush();
        });
    }

    @Override
    public void onRequest(ClientConnection connection, RequestHeader header, Request body) {
        requests.add(new Received(connection, header, body));
        Reply reply = script.apply(header, body);
        if (reply == null) {
            return;
        }
        long replyZxid = header.xid() == RequestHeader.PING_XID ? zxid.get() : zxid.incrementAndGet();
        replier.execute(() -> connection.sendReply(new ReplyHeader(header.xid(), replyZxid, reply.err()), reply.body()));
    }

    @Override
    public void onReadComplete(ClientConnection connection) {
        readCompletes.incrementAndGet();
        replier.execute(connection::flush);
    }

    @Override
    public void onDisconnect(ClientConnection connection) {
        disconnects.add(connection);
    }

    public long lastZxid() {
        return zxid.get();
    }

    /** Polls a queue with the standard test deadline; fails the test on timeout. */
    public static <T> T next(BlockingQueue<T> queue) throws InterruptedException {
        T item = queue.poll(10, TimeUnit.SECONDS);
        if (item == null) {
            throw new AssertionError("nothing arrived within 10 s");
        }
        return item;
    }

    @Override
    public void close() {
        replier.shutdown();
        try {
            if (!replier.awaitTermination(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("replier did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the replier", e);
        }
    }
}
