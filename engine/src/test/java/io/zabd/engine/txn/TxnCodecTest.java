package io.zabd.engine.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zabd.engine.jute.JuteException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Goal: every transaction kind survives encode/decode unchanged, and malformed bytes are rejected, never misread. */
class TxnCodecTest {

    @Test
    void randomTransactionsRoundTripExactly() {
        for (long seed = 0; seed < 20; seed++) {
            RandomTxns gen = new RandomTxns(seed);
            for (int i = 1; i <= 500; i++) {
                Txn txn = gen.next(Zxid.of(seed + 1, i));
                byte[] bytes = TxnCodec.toBytes(txn);
                Txn back = TxnCodec.fromBytes(bytes);
                assertEquals(txn, back, "seed " + seed + " txn " + i);
                assertArrayEquals(bytes, TxnCodec.toBytes(back), "re-encoding must be byte-identical");
            }
        }
    }

    @Test
    void headerLayoutIsZooKeepers() {
        Txn txn = new Txn(new TxnHeader(0x0102030405060708L, 9, Zxid.of(1, 2), 77L, OpCode.DELETE),
                new TxnBody.Delete("/a"));
        byte[] b = TxnCodec.toBytes(txn);
        assertEquals(TxnHeader.ENCODED_BYTES + 4 + 2, b.length);
        assertEquals(1, b[0]);
        assertEquals(8, b[7]);
        assertEquals(OpCode.DELETE, b[TxnHeader.ENCODED_BYTES - 1]);
        assertEquals('/', b[TxnHeader.ENCODED_BYTES + 4]);
    }

    @Test
    void everyTruncationOfEveryKindIsRejected() {
        RandomTxns gen = new RandomTxns(42);
        for (int i = 1; i <= 300; i++) {
            byte[] bytes = TxnCodec.toBytes(gen.next(i));
            for (int cut = 0; cut < bytes.length; cut++) {
                byte[] part = Arrays.copyOf(bytes, cut);
                if (isCloseSessionWithoutBody(bytes, cut)) {
                    continue; // a closeSession with no record at all is valid (older ZooKeeper logs)
                }
                assertThrows(JuteException.class, () -> TxnCodec.fromBytes(part), "cut at " + cut);
            }
        }
    }

    @Test
    void garbageNeverAllocatesHugeOrReadsOutOfBounds() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[random.nextInt(80)];
            random.nextBytes(junk);
            try {
                TxnCodec.fromBytes(junk);
            } catch (JuteException | IllegalArgumentException expected) {
                // rejected with a message: fine
            }
        }
    }

    @Test
    void mismatchedBodyAndTypeIsRefusedOnEncode() {
        Txn wrong = new Txn(new TxnHeader(1, 1, 1, 1, OpCode.SET_DATA), new TxnBody.Delete("/x"));
        assertThrows(IllegalArgumentException.class, () -> TxnCodec.toBytes(wrong));
    }

    @Test
    void zxidSplitsIntoEpochAndCounter() {
        long z = Zxid.of(0xABCL, 0xFFFF_FFFEL);
        assertEquals(0xABCL, Zxid.epoch(z));
        assertEquals(0xFFFF_FFFEL, Zxid.counter(z));
        assertEquals("0xabcfffffffe", Zxid.toHex(z));
        assertEquals(z, Zxid.parseHex("0xabcfffffffe"));
        assertEquals(List.of(), new TxnBody.CloseSession(List.of()).paths2Delete());
    }

    private static boolean isCloseSessionWithoutBody(byte[] full, int cut) {
        int type = ((full[28] & 0xff) << 24) | ((full[29] & 0xff) << 16) | ((full[30] & 0xff) << 8) | (full[31] & 0xff);
        return type == OpCode.CLOSE_SESSION && cut == TxnHeader.ENCODED_BYTES;
    }
}
