package io.zabd.server.pipeline;

import io.zabd.server.client.proto.ConnectRequest;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.RequestHeader;
import io.zabd.server.net.ClientConnection;
import io.zabd.server.net.RequestSink;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * The transport's side of the pipeline, on the Netty I/O threads: enqueue decoded traffic into the
 * agent's bounded MPSC queue and apply back-pressure. When more than {@code globalOutstandingLimit}
 * requests are in the server, the connection that pushed it over stops reading
 * ({@link ClientConnection#setReadEnabled}); the agent resumes every stopped connection once the
 * count is back below the limit. Accepted work is never dropped: if the queue itself is full (only
 * frames already read when reading stopped can get there), the I/O thread waits for room.
 */
final class PipelineSink implements RequestSink {
    /** Pause between attempts when the agent's queue is full. */
    private static final long FULL_QUEUE_PARK_NS = 50_000;

    private final ManyToOneConcurrentArrayQueue<Inbound> queue;
    private final Runnable wake;
    private final int outstandingLimit;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final Queue<ClientConnection> paused = new ConcurrentLinkedQueue<>();
    private volatile boolean accepting = true;
    /** Requests finished on the agent and not yet subtracted from {@link #outstanding}; agent thread only. */
    private int unpublishedFinished;
    private final java.util.concurrent.atomic.AtomicLong readPauses = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong packetsReceived = new java.util.concurrent.atomic.AtomicLong();

    PipelineSink(ManyToOneConcurrentArrayQueue<Inbound> queue, int outstandingLimit, Runnable wake) {
        this.queue = queue;
        this.outstandingLimit = outstandingLimit;
        this.wake = wake;
    }

    @Override
    public void onConnect(ClientConnection connection, ConnectRequest request) {
        if (!accepting) {
            connection.close();
            return;
        }
        put(new Inbound.Connect(connection, request));
        wake.run();
    }

    @Override
    public void onRequest(ClientConnection connection, RequestHeader header, Request body) {
        if (!accepting) {
            connection.close();
            return;
        }
        packetsReceived.incrementAndGet();
        if (outstanding.incrementAndGet() > outstandingLimit) {
            readPauses.incrementAndGet();
            // Stop first, then become resumable: the other order lets the agent's resume be queued on the
            // I/O thread before this stop, leaving the connection stopped and no longer in 'paused'.
            connection.setReadEnabled(false);
            paused.add(connection);
        }
        put(new Inbound.Req(connection, header, body, System.nanoTime()));
    }

    @Override
    public void onReadComplete(ClientConnection connection) {
        wake.run();
    }

    @Override
    public void onDisconnect(ClientConnection connection) {
        put(new Inbound.Disconnect(connection));
        wake.run();
    }

    /** Any thread: queues a task for the agent (never dropped; waits for room like traffic does). */
    void submitTask(Runnable task) {
        put(new Inbound.Task(task));
        wake.run();
    }

    private void put(Inbound item) {
        while (!queue.offer(item)) {
            wake.run();
            LockSupport.parkNanos(FULL_QUEUE_PARK_NS);
        }
    }

    /**
     * Agent thread: {@code count} requests are answered (or dropped with their connection). Counted
     * locally; {@link #publishFinished} subtracts them from the shared count once per duty cycle, so the
     * I/O threads' counter is not bounced between cores per reply.
     */
    void finished(int count) {
        unpublishedFinished += count;
    }

    /** Agent thread, once per duty cycle: publishes what finished and resumes paused connections. */
    void publishFinished() {
        int count = unpublishedFinished;
        if (count == 0) {
            return;
        }
        unpublishedFinished = 0;
        int now = outstanding.addAndGet(-count);
        if (now < outstandingLimit) {
            ClientConnection c;
            while ((c = paused.poll()) != null) {
                c.setReadEnabled(true);
            }
        }
    }

    /** Requests received since start or the last srst. */
    long packetsReceived() {
        return packetsReceived.get();
    }

    void resetPacketsReceived() {
        packetsReceived.set(0);
    }

    /** How often a connection stopped reading because the server was over globalOutstandingLimit. */
    long readPauses() {
        return readPauses.get();
    }

    /** Requests accepted and not yet answered. */
    int outstanding() {
        return outstanding.get();
    }

    /** Stops taking new connections and requests (shutdown): their connections are closed. */
    void stopAccepting() {
        accepting = false;
    }
}
