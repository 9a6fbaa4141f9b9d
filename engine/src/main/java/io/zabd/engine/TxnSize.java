package io.zabd.engine;

import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.TxnHeader;
import java.util.List;

/** A cheap upper-bound estimate of a transaction's encoded size, for the snapSizeLimit trigger. */
final class TxnSize {
    private TxnSize() {}

    static long estimate(Txn txn) {
        return TxnHeader.ENCODED_BYTES + body(txn.body());
    }

    private static long body(TxnBody b) {
        if (b instanceof TxnBody.Create c) {
            return 16 + str(c.path()) + bytes(c.data()) + acls(c.acl());
        } else if (b instanceof TxnBody.CreateContainer c) {
            return 12 + str(c.path()) + bytes(c.data()) + acls(c.acl());
        } else if (b instanceof TxnBody.CreateTtl c) {
            return 20 + str(c.path()) + bytes(c.data()) + acls(c.acl());
        } else if (b instanceof TxnBody.SetData s) {
            return 8 + str(s.path()) + bytes(s.data());
        } else if (b instanceof TxnBody.SetAcl s) {
            return 8 + str(s.path()) + acls(s.acl());
        } else if (b instanceof TxnBody.Delete d) {
            return 4 + str(d.path());
        } else if (b instanceof TxnBody.CheckVersion c) {
            return 8 + str(c.path());
        } else if (b instanceof TxnBody.CloseSession c) {
            long n = 4;
            for (String p : c.paths2Delete()) {
                n += 4 + str(p);
            }
            return n;
        } else if (b instanceof TxnBody.Multi m) {
            long n = 4;
            for (TxnBody.Sub sub : m.txns()) {
                n += 8 + body(sub.body());
            }
            return n;
        }
        return 8;
    }

    private static long str(String s) {
        return s == null ? 0 : 3L * s.length();
    }

    private static long bytes(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static long acls(List<Acl> acls) {
        long n = 4;
        for (Acl a : acls) {
            n += 12 + str(a.scheme()) + str(a.id());
        }
        return n;
    }
}
