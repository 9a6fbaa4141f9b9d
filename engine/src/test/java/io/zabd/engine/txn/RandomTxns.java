package io.zabd.engine.txn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded generator of arbitrary well-formed transactions, for property tests of the codec and the log. */
public final class RandomTxns {
    private static final int[] SINGLE_TYPES = {
        OpCode.CREATE_SESSION, OpCode.CLOSE_SESSION, OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER,
        OpCode.CREATE_TTL, OpCode.DELETE, OpCode.DELETE_CONTAINER, OpCode.SET_DATA, OpCode.RECONFIG,
        OpCode.SET_ACL, OpCode.CHECK, OpCode.ERROR, OpCode.MULTI
    };
    private static final int[] SUB_TYPES = {
        OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL, OpCode.DELETE,
        OpCode.SET_DATA, OpCode.CHECK, OpCode.ERROR
    };

    private final Random random;

    public RandomTxns(long seed) {
        this.random = new Random(seed);
    }

    public Txn next(long zxid) {
        int type = SINGLE_TYPES[random.nextInt(SINGLE_TYPES.length)];
        TxnHeader h = new TxnHeader(random.nextLong(), random.nextInt(), zxid, random.nextLong(), type);
        return new Txn(h, body(type, true));
    }

    public TxnBody body(int type, boolean allowMulti) {
        return switch (type) {
            case OpCode.CREATE_SESSION -> new TxnBody.CreateSession(random.nextInt());
            case OpCode.CLOSE_SESSION -> new TxnBody.CloseSession(paths(random.nextInt(4)));
            case OpCode.CREATE, OpCode.CREATE2 -> new TxnBody.Create(path(), data(), acls(), random.nextBoolean(),
                    random.nextInt());
            case OpCode.CREATE_CONTAINER -> new TxnBody.CreateContainer(path(), data(), acls(), random.nextInt());
            case OpCode.CREATE_TTL -> new TxnBody.CreateTtl(path(), data(), acls(), random.nextInt(),
                    random.nextLong() & 0xFF_FFFF_FFFFL);
            case OpCode.DELETE, OpCode.DELETE_CONTAINER -> new TxnBody.Delete(path());
            case OpCode.SET_DATA, OpCode.RECONFIG -> new TxnBody.SetData(path(), data(), random.nextInt());
            case OpCode.SET_ACL -> new TxnBody.SetAcl(path(), acls(), random.nextInt());
            case OpCode.CHECK -> new TxnBody.CheckVersion(path(), random.nextInt());
            case OpCode.ERROR -> new TxnBody.Error(-random.nextInt(130));
            case OpCode.MULTI -> allowMulti ? multi() : new TxnBody.Error(0);
            default -> throw new IllegalArgumentException("type " + type);
        };
    }

    private TxnBody multi() {
        int n = random.nextInt(6);
        List<TxnBody.Sub> subs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int t = SUB_TYPES[random.nextInt(SUB_TYPES.length)];
            subs.add(new TxnBody.Sub(t, body(t, false)));
        }
        return new TxnBody.Multi(subs);
    }

    public String path() {
        StringBuilder sb = new StringBuilder();
        int depth = 1 + random.nextInt(4);
        for (int i = 0; i < depth; i++) {
            sb.append('/');
            int len = 1 + random.nextInt(8);
            for (int j = 0; j < len; j++) {
                sb.append(random.nextInt(10) == 0 ? 'é' : (char) ('a' + random.nextInt(26)));
            }
        }
        return sb.toString();
    }

    private List<String> paths(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(path());
        }
        return out;
    }

    public byte[] data() {
        int r = random.nextInt(10);
        if (r == 0) {
            return null;
        }
        byte[] b = new byte[r == 1 ? 0 : random.nextInt(r == 9 ? 4096 : 64)];
        random.nextBytes(b);
        return b;
    }

    private List<Acl> acls() {
        int n = random.nextInt(3);
        List<Acl> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Acl(random.nextInt(32), random.nextBoolean() ? "world" : "digest",
                    random.nextBoolean() ? "anyone" : "user:" + random.nextInt(1000)));
        }
        return out;
    }
}
