package io.zabd.engine.tree.prep;

import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import java.util.List;

/**
 * A client's write request as prep sees it (decoded from ZooKeeper's request records). reconfig is
 * out of scope here.
 */
public sealed interface WriteRequest {

    /** Request op code (create, create2, createContainer, createTTL, delete, ...). */
    int opCode();

    /**
     * {@code CreateRequest{path, data, acl, flags}} for create/create2/createContainer, or
     * {@code CreateTTLRequest{..., ttl}} for createTTL ({@code ttlMs} is -1 for the others, as
     * ZooKeeper passes). Flags are CreateMode values: PERSISTENT 0, EPHEMERAL 1,
     * PERSISTENT_SEQUENTIAL 2, EPHEMERAL_SEQUENTIAL 3, CONTAINER 4, PERSISTENT_WITH_TTL 5,
     * PERSISTENT_SEQUENTIAL_WITH_TTL 6.
     */
    record Create(int opCode, String path, byte[] data, List<Acl> acl, int flags, long ttlMs) implements WriteRequest {
        public Create {
            if (opCode != OpCode.CREATE && opCode != OpCode.CREATE2 && opCode != OpCode.CREATE_CONTAINER
                    && opCode != OpCode.CREATE_TTL) {
                throw new IllegalArgumentException("not a create op code: " + opCode);
            }
        }
    }

    record Delete(String path, int version) implements WriteRequest {
        @Override
        public int opCode() {
            return OpCode.DELETE;
        }
    }

    /** Server-internal: the container/TTL cleaner's delete. Never accepted from a client. */
    record DeleteContainer(String path) implements WriteRequest {
        @Override
        public int opCode() {
            return OpCode.DELETE_CONTAINER;
        }
    }

    record SetData(String path, byte[] data, int version) implements WriteRequest {
        @Override
        public int opCode() {
            return OpCode.SET_DATA;
        }
    }

    record SetAcl(String path, List<Acl> acl, int version) implements WriteRequest {
        @Override
        public int opCode() {
            return OpCode.SET_ACL;
        }
    }

    record Check(String path, int version) implements WriteRequest {
        @Override
        public int opCode() {
            return OpCode.CHECK;
        }
    }

    /** A multi: creates, deletes, setData and checks, all or nothing. */
    record Multi(List<WriteRequest> ops) implements WriteRequest {
        public Multi {
            ops = List.copyOf(ops);
            for (WriteRequest op : ops) {
                if (!(op instanceof Create || op instanceof Delete || op instanceof SetData || op instanceof Check)) {
                    throw new IllegalArgumentException("a multi cannot hold " + op.getClass().getSimpleName());
                }
            }
        }

        @Override
        public int opCode() {
            return OpCode.MULTI;
        }
    }

    /** Server-internal: a new session with its negotiated timeout. */
    record CreateSession(int timeoutMs) implements WriteRequest {
        @Override
        public int opCode() {
            return OpCode.CREATE_SESSION;
        }
    }

    /** Server-internal: close (or expire) the caller's session. */
    record CloseSession() implements WriteRequest {
        @Override
        public int opCode() {
            return OpCode.CLOSE_SESSION;
        }
    }
}
