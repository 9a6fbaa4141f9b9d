package io.zabd.server.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zabd.server.client.proto.ConnectResponse;
import io.zabd.server.client.proto.ReplyHeader;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.RequestHeader;
import io.zabd.server.client.proto.Response;
import io.zabd.server.client.proto.WatcherEvent;
import io.zabd.server.net.ClientConnection;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.junit.jupiter.api.Test;

/**
 * A connection stopped for globalOutstandingLimit is always resumed: even when the agent answers requests
 * (and resumes paused connections) between the I/O thread's decision to stop and its stop request, the last
 * read setting queued for the connection is "enabled" once the server is back below the limit. (Found by the
 * snapshot-impact load: one session got no answer for 20 s, then CONNECTIONLOSS.)
 */
class PipelineSinkBackPressureTest {

    /** Records the read settings in the order they are queued on the I/O thread. */
    private static final class RecordingConnection implements ClientConnection {
        final List<Boolean> readSettings = new ArrayList<>();
        /** Runs just before a stop is queued: where the agent can interleave. */
        Runnable beforeStopQueued = () -> {};

        @Override
        public CompletionStage<Void> setReadEnabled(boolean enabled) {
            if (!enabled) {
                Runnable hook = beforeStopQueued;
                beforeStopQueued = () -> {};
                hook.run();
            }
            readSettings.add(enabled);
            return CompletableFuture.completedFuture(null);
        }

        boolean readEnabled() {
            return readSettings.isEmpty() || readSettings.get(readSettings.size() - 1);
        }

        @Override
        public long connectionId() {
            return 1;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 1);
        }

        @Override
        public void sendConnectResponse(ConnectResponse response) {}

        @Override
        public void sendReply(ReplyHeader header, Response body) {}

        @Override
        public void sendNotification(long zxid, WatcherEvent event) {}

        @Override
        public void flush() {}

        @Override
        public void close() {}

        @Override
        public boolean isOpen() {
            return true;
        }
    }

    @Test
    void agentAnsweringWhileAConnectionStopsStillResumesIt() {
        int limit = 2;
        PipelineSink sink = new PipelineSink(new ManyToOneConcurrentArrayQueue<>(64), limit, () -> {});
        RecordingConnection c = new RecordingConnection();
        RequestHeader header = new RequestHeader(1, 4);
        Request body = new Request.PathWatch("/a", false);
        sink.onRequest(c, header, body);
        sink.onRequest(c, header, body);
        // the third request goes over the limit; the agent answers two requests right then
        c.beforeStopQueued = () -> { sink.finished(2); sink.publishFinished(); };
        sink.onRequest(c, header, body);
        // the agent answers the last one: the server is below the limit, the connection must read again
        sink.finished(1);
        sink.publishFinished(); // the agent publishes once per duty cycle
        assertEquals(0, sink.outstanding());
        assertEquals(true, c.readEnabled(), "read settings queued: " + c.readSettings);
    }

    @Test
    void aStoppedConnectionResumesWhenTheCountFallsBelowTheLimit() {
        PipelineSink sink = new PipelineSink(new ManyToOneConcurrentArrayQueue<>(64), 1, () -> {});
        RecordingConnection c = new RecordingConnection();
        RequestHeader header = new RequestHeader(1, 4);
        Request body = new Request.PathWatch("/a", false);
        sink.onRequest(c, header, body);
        sink.onRequest(c, header, body);
        assertEquals(List.of(false), c.readSettings);
        sink.finished(1);
        sink.publishFinished(); // the agent publishes once per duty cycle
        assertEquals(List.of(false), c.readSettings, "still at the limit");
        sink.finished(1);
        sink.publishFinished(); // the agent publishes once per duty cycle
        assertEquals(List.of(false, true), c.readSettings);
    }
}
