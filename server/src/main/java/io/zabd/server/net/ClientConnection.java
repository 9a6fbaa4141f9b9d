package io.zabd.server.net;

import io.zabd.server.client.proto.ConnectResponse;
import io.zabd.server.client.proto.ReplyHeader;
import io.zabd.server.client.proto.Response;
import io.zabd.server.client.proto.WatcherEvent;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

/**
 * The server core's handle on one client connection. Every method is safe to call from any thread;
 * writes are queued in call order. {@code send*} methods do not flush: call {@link #flush()} once at
 * the end of a batch of replies (the transport also coalesces flushes).
 */
public interface ClientConnection {
    /** Unique per transport, increasing. */
    long connectionId();

    InetSocketAddress remoteAddress();

    void sendConnectResponse(ConnectResponse response);

    /** A reply frame: header then body ({@link Response.Empty} for none). */
    void sendReply(ReplyHeader header, Response body);

    /** A watch notification: header {xid -1, zxid, err 0} then the event. */
    void sendNotification(long zxid, WatcherEvent event);

    void flush();

    /**
     * Stops or resumes reading from the socket (back-pressure: globalOutstandingLimit). Applied on the
     * connection's I/O thread; the stage completes once it is, after which no new frame is delivered
     * while reads are stopped.
     */
    CompletionStage<Void> setReadEnabled(boolean enabled);

    /** Flushes what was sent, then closes. */
    void close();

    boolean isOpen();
}
