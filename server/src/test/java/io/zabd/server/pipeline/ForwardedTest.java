package io.zabd.server.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zabd.engine.tree.prep.AuthId;
import io.zabd.engine.tree.prep.Caller;
import io.zabd.engine.txn.OpCode;
import io.zabd.server.client.proto.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A learner's forwarded requests and touches reach the leader unchanged; garbage is refused. */
class ForwardedTest {
    @Test
    void requestsAndTouchesRoundTrip() {
        Caller caller = new Caller(0x0200000000000001L, 7, List.of(new AuthId("digest", "u:h")), "127.0.0.1", true);
        Forwarded.Req write = (Forwarded.Req) Forwarded.decode(Forwarded.encode(
                new Forwarded.Req(caller, OpCode.SET_DATA, 0, new Request.SetData("/a", new byte[] {1, 2}, 3))));
        assertEquals(caller, write.caller());
        assertEquals(OpCode.SET_DATA, write.type());
        Request.SetData body = (Request.SetData) write.body();
        assertEquals("/a", body.path());
        assertArrayEquals(new byte[] {1, 2}, body.data());
        assertEquals(3, body.version());

        Forwarded.Req create = (Forwarded.Req) Forwarded.decode(Forwarded.encode(
                new Forwarded.Req(Caller.anonymous(5, 0), OpCode.CREATE_SESSION, 4000, null)));
        assertEquals(4000, create.timeoutMs());
        assertEquals(5, create.caller().sessionId());

        Forwarded.Req sync = (Forwarded.Req) Forwarded.decode(Forwarded.encode(
                new Forwarded.Req(Caller.anonymous(5, 9), OpCode.SYNC, 0, new Request.PathOnly("/"))));
        assertEquals("/", ((Request.PathOnly) sync.body()).path());

        Forwarded.Touch touch = (Forwarded.Touch) Forwarded.decode(Forwarded.encode(new Forwarded.Touch(List.of(1L, 2L))));
        assertEquals(List.of(1L, 2L), touch.sessionIds());

        byte[] done = Forwarded.encode(new Forwarded.SyncDone(0x1a2b3c4d5e6f7081L, 9));
        assertEquals(4 + 1 + 8 + 4, done.length, "magic, kind, sessionId, cxid");
        assertEquals(new Forwarded.SyncDone(0x1a2b3c4d5e6f7081L, 9), Forwarded.decode(done));
        byte[] cutDone = java.util.Arrays.copyOf(done, done.length - 1);
        assertThrows(RuntimeException.class, () -> Forwarded.decode(cutDone));
    }

    @Test
    void malformedIsRefused() {
        assertThrows(RuntimeException.class, () -> Forwarded.decode(new byte[] {1, 2, 3}));
        assertThrows(RuntimeException.class, () -> Forwarded.decode(new byte[] {0x5A, 0x46, 0x57, 0x44, 9}));
        byte[] ok = Forwarded.encode(new Forwarded.Touch(List.of(1L)));
        byte[] cut = java.util.Arrays.copyOf(ok, ok.length - 3);
        assertThrows(RuntimeException.class, () -> Forwarded.decode(cut));
    }
}
