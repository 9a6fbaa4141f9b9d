package io.zabd.engine.txn;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The record part of a transaction. Layouts follow ZooKeeper's {@code zookeeper.jute} so a real
 * ZooKeeper log entry and ours carry the same fields; which record a header type takes is in
 * {@link TxnCodec}.
 */
public sealed interface TxnBody {

    /** {@code CreateSessionTxn{int timeOut}}: opens a session with a negotiated timeout. */
    record CreateSession(int timeoutMs) implements TxnBody {}

    /** {@code CloseSessionTxn{vector<ustring> paths2Delete}}: the session's ephemerals at close. */
    record CloseSession(List<String> paths2Delete) implements TxnBody {
        public CloseSession {
            paths2Delete = List.copyOf(paths2Delete);
        }
    }

    /**
     * {@code CreateTxn{ustring path; buffer data; vector<ACL> acl; boolean ephemeral; int
     * parentCVersion}} for create and create2; the path already carries any sequential suffix.
     */
    record Create(String path, byte[] data, List<Acl> acl, boolean ephemeral, int parentCVersion)
            implements TxnBody {
        public Create {
            acl = List.copyOf(acl);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Create c && path.equals(c.path) && Arrays.equals(data, c.data)
                    && acl.equals(c.acl) && ephemeral == c.ephemeral && parentCVersion == c.parentCVersion;
        }

        @Override
        public int hashCode() {
            return Objects.hash(path, Arrays.hashCode(data), acl, ephemeral, parentCVersion);
        }

        @Override
        public String toString() {
            return "Create[path=" + path + ", data=" + lengthOf(data) + "B, acl=" + acl + ", ephemeral=" + ephemeral
                    + ", parentCVersion=" + parentCVersion + "]";
        }
    }

    /** {@code CreateContainerTxn{ustring path; buffer data; vector<ACL> acl; int parentCVersion}}. */
    record CreateContainer(String path, byte[] data, List<Acl> acl, int parentCVersion) implements TxnBody {
        public CreateContainer {
            acl = List.copyOf(acl);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CreateContainer c && path.equals(c.path) && Arrays.equals(data, c.data)
                    && acl.equals(c.acl) && parentCVersion == c.parentCVersion;
        }

        @Override
        public int hashCode() {
            return Objects.hash(path, Arrays.hashCode(data), acl, parentCVersion);
        }

        @Override
        public String toString() {
            return "CreateContainer[path=" + path + ", data=" + lengthOf(data) + "B, acl=" + acl
                    + ", parentCVersion=" + parentCVersion + "]";
        }
    }

    /** {@code CreateTTLTxn{ustring path; buffer data; vector<ACL> acl; int parentCVersion; long ttl}}. */
    record CreateTtl(String path, byte[] data, List<Acl> acl, int parentCVersion, long ttlMs) implements TxnBody {
        public CreateTtl {
            acl = List.copyOf(acl);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CreateTtl c && path.equals(c.path) && Arrays.equals(data, c.data)
                    && acl.equals(c.acl) && parentCVersion == c.parentCVersion && ttlMs == c.ttlMs;
        }

        @Override
        public int hashCode() {
            return Objects.hash(path, Arrays.hashCode(data), acl, parentCVersion, ttlMs);
        }

        @Override
        public String toString() {
            return "CreateTtl[path=" + path + ", data=" + lengthOf(data) + "B, acl=" + acl
                    + ", parentCVersion=" + parentCVersion + ", ttlMs=" + ttlMs + "]";
        }
    }

    /** {@code DeleteTxn{ustring path}} for delete and deleteContainer. */
    record Delete(String path) implements TxnBody {}

    /** {@code SetDataTxn{ustring path; buffer data; int version}} for setData and reconfig; version is the new one. */
    record SetData(String path, byte[] data, int version) implements TxnBody {
        @Override
        public boolean equals(Object o) {
            return o instanceof SetData c && path.equals(c.path) && Arrays.equals(data, c.data) && version == c.version;
        }

        @Override
        public int hashCode() {
            return Objects.hash(path, Arrays.hashCode(data), version);
        }

        @Override
        public String toString() {
            return "SetData[path=" + path + ", data=" + lengthOf(data) + "B, version=" + version + "]";
        }
    }

    /** {@code SetACLTxn{ustring path; vector<ACL> acl; int version}}; version is the new aversion. */
    record SetAcl(String path, List<Acl> acl, int version) implements TxnBody {
        public SetAcl {
            acl = List.copyOf(acl);
        }
    }

    /** {@code CheckVersionTxn{ustring path; int version}}: a multi's version check that passed. */
    record CheckVersion(String path, int version) implements TxnBody {}

    /** {@code ErrorTxn{int err}}: a failed write (or a failed multi's sub-operation) with its error code. */
    record Error(int err) implements TxnBody {}

    /** {@code MultiTxn{vector<Txn{int type; buffer data}>}}: the sub-transactions of a multi, applied atomically. */
    record Multi(List<Sub> txns) implements TxnBody {
        public Multi {
            txns = List.copyOf(txns);
        }
    }

    /** One sub-transaction of a multi: its op code and record. */
    record Sub(int type, TxnBody body) {}

    private static String lengthOf(byte[] data) {
        return data == null ? "null" : Integer.toString(data.length);
    }
}
