package io.zabd.server.client.proto;

import static io.zabd.server.client.proto.OfficialJute.reader;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zabd.engine.jute.JuteException;
import io.zabd.engine.jute.JuteWriter;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Goal: malformed request bytes (truncated, trailing, garbage lengths and counts, internal op codes,
 * random noise) always raise {@link JuteException} with a message, never another exception, an
 * out-of-bounds read or a large allocation.
 */
class MalformedInputTest {
    private static final int[] CLIENT_OPS = {
        OpCode.CREATE, OpCode.DELETE, OpCode.EXISTS, OpCode.GET_DATA, OpCode.SET_DATA, OpCode.GET_ACL,
        OpCode.SET_ACL, OpCode.GET_CHILDREN, OpCode.SYNC, OpCode.GET_CHILDREN2, OpCode.CHECK, OpCode.MULTI,
        OpCode.CREATE2, OpCode.RECONFIG, OpCode.CHECK_WATCHES, OpCode.REMOVE_WATCHES, OpCode.CREATE_CONTAINER,
        OpCode.CREATE_TTL, OpCode.MULTI_READ, OpCode.AUTH, OpCode.SET_WATCHES, OpCode.SASL, OpCode.GET_EPHEMERALS,
        OpCode.GET_ALL_CHILDREN_NUMBER, OpCode.SET_WATCHES2, OpCode.ADD_WATCH,
    };

    private static void assertRejected(int type, byte[] bytes) {
        try {
            RequestCodec.decode(type, reader(bytes));
            fail("accepted malformed " + OpCode.name(type) + ": " + Arrays.toString(bytes));
        } catch (JuteException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
        }
    }

    @Test
    void everyTruncationOfAValidRequestIsRejected() {
        byte[] create = new Request.Create("/some/path", new byte[20], Acl.OPEN_ACL_UNSAFE, 0).toBytes();
        byte[] multi = new Request.Multi(List.of(
                new Request.Op(OpCode.CREATE, new Request.Create("/m", new byte[3], Acl.OPEN_ACL_UNSAFE, 0)),
                new Request.Op(OpCode.DELETE, new Request.Delete("/m", -1)))).toBytes();
        byte[] setWatches2 = new Request.SetWatches(5, List.of("/a"), List.of("/b"), List.of(), List.of("/p"),
                List.of("/r"), true).toBytes();
        for (int len = 0; len < create.length; len++) {
            assertRejected(OpCode.CREATE, Arrays.copyOf(create, len));
        }
        for (int len = 0; len < multi.length; len++) {
            assertRejected(OpCode.MULTI, Arrays.copyOf(multi, len));
        }
        for (int len = 0; len < setWatches2.length; len++) {
            assertRejected(OpCode.SET_WATCHES2, Arrays.copyOf(setWatches2, len));
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] ok = new Request.Delete("/d", 1).toBytes();
        assertRejected(OpCode.DELETE, Arrays.copyOf(ok, ok.length + 1));
        byte[] connect = new ConnectRequest(0, 0, 30000, 0, new byte[16], false).toBytes();
        assertThrows(JuteException.class, () -> ConnectRequest.decode(reader(Arrays.copyOf(connect, connect.length + 2))));
    }

    @Test
    void garbageLengthsAndCountsAreRejectedWithoutAllocating() {
        JuteWriter w = new JuteWriter();
        w.writeInt(Integer.MAX_VALUE);
        assertRejected(OpCode.GET_ACL, w.toByteArray(0));
        w = new JuteWriter();
        w.writeInt(-7);
        assertRejected(OpCode.SYNC, w.toByteArray(0));
        w = new JuteWriter();
        w.writeString("/p").writeBuffer(new byte[0]).writeInt(Integer.MAX_VALUE).writeInt(0);
        assertRejected(OpCode.CREATE, w.toByteArray(0));
        w = new JuteWriter();
        w.writeLong(0).writeInt(1 << 30);
        assertRejected(OpCode.SET_WATCHES, w.toByteArray(0));
    }

    @Test
    void internalAndUnknownOpCodesAreRejected() {
        for (int type : new int[] {OpCode.CREATE_SESSION, OpCode.DELETE_CONTAINER, OpCode.ERROR, OpCode.NOTIFICATION, 10, 99, 5000}) {
            assertRejected(type, new byte[0]);
        }
    }

    @Test
    void multiWithForbiddenOrMixedOpsIsRejected() {
        JuteWriter w = new JuteWriter();
        new MultiHeader(OpCode.SYNC, false, -1).encode(w);
        w.writeString("/x");
        MultiHeader.END.encode(w);
        assertRejected(OpCode.MULTI, w.toByteArray(0));
        byte[] mixed = new Request.Multi(List.of(
                new Request.Op(OpCode.GET_DATA, new Request.PathWatch("/a", false)),
                new Request.Op(OpCode.DELETE, new Request.Delete("/a", -1)))).toBytes();
        assertRejected(OpCode.MULTI, mixed);
    }

    @Test
    void randomNoiseOnlyEverRaisesJuteException() {
        Random random = new Random(20261127L);
        for (int i = 0; i < 20_000; i++) {
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            int type = CLIENT_OPS[random.nextInt(CLIENT_OPS.length)];
            try {
                RequestCodec.decode(type, reader(noise));
            } catch (JuteException expected) {
                // the only acceptable failure
            }
            try {
                ConnectRequest.decode(reader(noise));
            } catch (JuteException expected) {
                // the only acceptable failure
            }
        }
    }
}
