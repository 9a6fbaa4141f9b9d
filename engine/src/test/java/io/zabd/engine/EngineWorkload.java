package io.zabd.engine;

import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.TxnHeader;
import io.zabd.engine.txn.Zxid;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic stream of valid transactions for engine tests: the i-th transaction (zxid
 * epoch 1, counter i) depends only on the seed, so a parent can regenerate what a killed child
 * wrote. Creates, setData, deletes, a session with ephemerals that is later closed, multis.
 */
public final class EngineWorkload {
    public static final long SESSION = 0x1000_0000_0000_0001L;

    private final Random random;
    private final List<String> live = new ArrayList<>();
    private final List<String> ephemerals = new ArrayList<>();
    private long counter;
    private long nextName;
    private boolean sessionOpen;

    public EngineWorkload(long seed) {
        this.random = new Random(seed);
    }

    /** The next transaction; zxids are Zxid.of(1, 1), Zxid.of(1, 2), ... */
    public Txn next() {
        counter++;
        long zxid = Zxid.of(1, counter);
        int dice = random.nextInt(100);
        if (counter == 1 || (!sessionOpen && dice < 2)) {
            sessionOpen = true;
            return txn(zxid, SESSION, OpCode.CREATE_SESSION, new TxnBody.CreateSession(30_000));
        }
        if (sessionOpen && dice < 4 && !ephemerals.isEmpty()) {
            sessionOpen = false;
            List<String> gone = new ArrayList<>(ephemerals);
            ephemerals.clear();
            return txn(zxid, SESSION, OpCode.CLOSE_SESSION, new TxnBody.CloseSession(gone));
        }
        if (sessionOpen && dice < 10) {
            String path = "/e" + (nextName++);
            ephemerals.add(path);
            return txn(zxid, SESSION, OpCode.CREATE,
                    new TxnBody.Create(path, data(), Acl.OPEN_ACL_UNSAFE, true, (int) counter));
        }
        if (dice < 40 || live.size() < 20) {
            String path = "/n" + (nextName++);
            live.add(path);
            return txn(zxid, 0, OpCode.CREATE, new TxnBody.Create(path, data(), Acl.OPEN_ACL_UNSAFE, false, (int) counter));
        }
        if (dice < 50) {
            String path = live.remove(random.nextInt(live.size()));
            return txn(zxid, 0, OpCode.DELETE, new TxnBody.Delete(path));
        }
        if (dice < 55) {
            String a = live.get(random.nextInt(live.size()));
            String b = "/m" + (nextName++);
            live.add(b);
            return txn(zxid, 0, OpCode.MULTI, new TxnBody.Multi(List.of(
                    new TxnBody.Sub(OpCode.SET_DATA, new TxnBody.SetData(a, data(), (int) counter)),
                    new TxnBody.Sub(OpCode.CREATE, new TxnBody.Create(b, data(), Acl.OPEN_ACL_UNSAFE, false,
                            (int) counter)))));
        }
        String path = live.get(random.nextInt(live.size()));
        return txn(zxid, 0, OpCode.SET_DATA, new TxnBody.SetData(path, data(), (int) (counter & 0x7fff_ffff)));
    }

    /** Advances past every transaction up to and including {@code zxid} (epoch 1). */
    public void skipTo(long zxid) {
        while (counter < Zxid.counter(zxid)) {
            next();
        }
    }

    private byte[] data() {
        byte[] b = new byte[random.nextInt(200)];
        random.nextBytes(b);
        return b;
    }

    private static Txn txn(long zxid, long session, int type, TxnBody body) {
        return new Txn(new TxnHeader(session, (int) Zxid.counter(zxid), zxid, 1_700_000_000_000L + Zxid.counter(zxid),
                type), body);
    }
}
