package io.zabd.server.client.proto;

import io.zabd.engine.jute.JuteReader;
import io.zabd.engine.jute.JuteWriter;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.TxnCodec;
import java.util.List;

/**
 * The body of a client request, after its {@link RequestHeader}. One record per jute layout; several
 * op codes share a layout (see {@link RequestCodec}). Layouts, all jute-encoded:
 *
 * <pre>
 * Create          CreateRequest{ustring path; buffer data; vector&lt;ACL&gt; acl; int flags}        create, create2, createContainer
 * CreateTtl       CreateTTLRequest{ustring path; buffer data; vector&lt;ACL&gt; acl; int flags; long ttl}
 * Delete          DeleteRequest{ustring path; int version}
 * PathWatch       {ustring path; boolean watch}   ExistsRequest, GetDataRequest, GetChildrenRequest, GetChildren2Request
 * SetData         SetDataRequest{ustring path; buffer data; int version}
 * PathOnly        {ustring path}   GetACLRequest, SyncRequest, GetAllChildrenNumberRequest, GetEphemeralsRequest(prefixPath)
 * SetAcl          SetACLRequest{ustring path; vector&lt;ACL&gt; acl; int version}
 * CheckVersion    CheckVersionRequest{ustring path; int version}
 * SetWatches      SetWatches{long relativeZxid; vector&lt;ustring&gt; dataWatches, existWatches, childWatches}
 * SetWatches2     SetWatches + vector&lt;ustring&gt; persistentWatches, persistentRecursiveWatches
 * AddWatch        AddWatchRequest{ustring path; int mode}
 * WatchType       {ustring path; int type}   CheckWatchesRequest, RemoveWatchesRequest (type = WatcherType)
 * Auth            AuthPacket{int type; ustring scheme; buffer auth}
 * Sasl            GetSASLRequest{buffer token}
 * Reconfig        ReconfigRequest{ustring joiningServers; ustring leavingServers; ustring newMembers; long curConfigId}
 * Multi           (MultiHeader{int type; boolean done; int err} op)* MultiHeader{-1, true, -1}
 * Empty           no body: ping, closeSession, whoAmI
 * </pre>
 */
public sealed interface Request extends JuteRecord {

    /** CreateRequest, for create (1), create2 (15) and createContainer (19). */
    record Create(String path, byte[] data, List<Acl> acl, int flags) implements Request {
        @Override
        public void encode(JuteWriter w) {
            w.writeString(path).writeBuffer(data);
            TxnCodec.writeAcls(acl, w);
            w.writeInt(flags);
        }

        static Create decode(JuteReader r) {
            return new Create(r.readString("CreateRequest.path"), r.readBuffer("CreateRequest.data"),
                    TxnCodec.readAcls(r), r.readInt("CreateRequest.flags"));
        }
    }

    /** CreateTTLRequest, for createTTL (21); ttl in milliseconds. */
    record CreateTtl(String path, byte[] data, List<Acl> acl, int flags, long ttlMs) implements Request {
        @Override
        public void encode(JuteWriter w) {
            w.writeString(path).writeBuffer(data);
            TxnCodec.writeAcls(acl, w);
            w.writeInt(flags).writeLong(ttlMs);
        }

        static CreateTtl decode(JuteReader r) {
            return new CreateTtl(r.readString("CreateTTLRequest.path"), r.readBuffer("CreateTTLRequest.data"),
                    TxnCodec.readAcls(r), r.readInt("CreateTTLRequest.flags"), r.readLong("CreateTTLRequest.ttl"));
        }
    }

    /** DeleteRequest; version -1 matches any. */
    record Delete(String path, int version) implements Request {
        @Override
        public void encode(JuteWriter w) {
            w.writeString(path).writeInt(version);
        }

        static Delete decode(JuteReader r) {
            return new Delete(r.readString("DeleteRequest.path"), r.readInt("DeleteRequest.version"));
        }
    }

    /** {path, watch}: exists (3), getData (4), getChildren (8), getChildren2 (12). */
    record PathWatch(String path, boolean watch) implements Request {
        @Override
        public void encode(JuteWriter w) {
            w.writeString(path).writeBool(watch);
        }

        static PathWatch decode(JuteReader r) {
            return new PathWatch(r.readString("path"), r.readBool("watch"));
        }
    }

    /** SetDataRequest. */
    record SetData(String path, byte[] data, int version) implements Request {
        @Override
        public void encode(JuteWriter w) {
            w.writeString(path).writeBuffer(data).writeInt(version);
        }

        static SetData decode(JuteReader r) {
            return new SetData(r.readString("SetDataRequest.path"), r.readBuffer("SetDataRequest.data"),
                    r.readInt("SetDataRequest.version"));
        }
    }

    /** {path}: getACL (6), sync (9), getAllChildrenNumber (104), getEphemerals (103, the prefix path). */
    record PathOnly(String path) implements Request {
        @Override
        public void encode(JuteWriter w) {
            w.writeString(path);
        }

        static PathOnly decode(JuteReader r) {
            return new PathOnly(r.readString("path"));
        }
    }

    /** SetACLRequest. */
    record SetAcl(String path, List<Acl> acl, int version) implements Request {
        @Override
        public void encode(JuteWriter w) {
            w.writeString(path);
            TxnCodec.writeAcls(acl, w);
            w.writeInt(version);
        }

        static SetAcl decode(JuteReader r) {
            return new SetAcl(r.readString("SetACLRequest.path"), TxnCodec.readAcls(r), r.readInt("SetACLRequest.version"));
        }
    }

    /** CheckVersionRequest (check, 13; only inside a multi in practice). */
    record CheckVersion(String path, int version) implements Request {
        @Override
        public void encode(JuteWriter w) {
            w.writeString(path).writeInt(version);
        }

        static CheckVersion decode(JuteReader r) {
            return new CheckVersion(r.readString("CheckVersionRequest.path"), r.readInt("CheckVersionRequest.version"));
        }
    }

    /**
     * SetWatches (101) and SetWatches2 (105): watches to re-register after a reconnect, relative to
     * the last zxid the client saw. For SetWatches the two persistent lists are empty.
     */
    record SetWatches(long relativeZxid, List<String> dataWatches, List<String> existWatches,
            List<String> childWatches, List<String> persistentWatches, List<String> persistentRecursiveWatches,
            boolean version2) implements Request {
        @Override
        public void encode(JuteWriter w) {
            w.writeLong(relativeZxid);
            Vectors.writeStrings(dataWatches, w);
            Vectors.writeStrings(existWatches, w);
            Vectors.writeStrings(childWatches, w);
            if (version2) {
                Vectors.writeStrings(persistentWatches, w);
                Vectors.writeStrings(persistentRecursiveWatches, w);
            }
        }

        static SetWatches decode(JuteReader r, boolean version2) {
            long zxid = r.readLong("SetWatches.relativeZxid");
            List<String> data = Vectors.readStrings(r, "SetWatches.dataWatches");
            List<String> exist = Vectors.readStrings(r, "SetWatches.existWatches");
            List<String> child = Vectors.readStrings(r, "SetWatches.childWatches");
            List<String> persistent = version2 ? Vectors.readStrings(r, "SetWatches2.persistentWatches") : List.of();
            List<String> recursive = version2
                    ? Vectors.readStrings(r, "SetWatches2.persistentRecursiveWatches") : List.of();
            return new SetWatches(zxid, data, exist, child, persistent, recursive, version2);
        }
    }

    /** AddWatchRequest (106); mode PERSISTENT 0, PERSISTENT_RECURSIVE 1. */
    record AddWatch(String path, int mode) implements Request {
        @Override
        public void encode(JuteWriter w) {
            w.writeString(path).writeInt(mode);
        }

        static AddWatch decode(JuteReader r) {
            return new AddWatch(r.readString("AddWatchRequest.path"), r.readInt("AddWatchRequest.mode"));
        }
    }

    /**
     * CheckWatchesRequest (17) and RemoveWatchesRequest (18); type is WatcherType: Children 1,
     * Data 2, Any 3, Persistent 4, PersistentRecursive 5.
     */
    record WatchType(String path, int type) implements Request {
        @Override
        public void encode(JuteWriter w) {
            w.writeString(path).writeInt(type);
        }

        static WatchType decode(JuteReader r) {
            return new WatchType(r.readString("path"), r.readInt("type"));
        }
    }

    /** AuthPacket (auth, 100; sent with xid -4). */
    record Auth(int type, String scheme, byte[] auth) implements Request {
        @Override
        public void encode(JuteWriter w) {
            w.writeInt(type).writeString(scheme).writeBuffer(auth);
        }

        static Auth decode(JuteReader r) {
            return new Auth(r.readInt("AuthPacket.type"), r.readString("AuthPacket.scheme"), r.readBuffer("AuthPacket.auth"));
        }
    }

    /** GetSASLRequest (sasl, 102). */
    record Sasl(byte[] token) implements Request {
        @Override
        public void encode(JuteWriter w) {
            w.writeBuffer(token);
        }

        static Sasl decode(JuteReader r) {
            return new Sasl(r.readBuffer("GetSASLRequest.token"));
        }
    }

    /** ReconfigRequest (16). */
    record Reconfig(String joiningServers, String leavingServers, String newMembers, long curConfigId)
            implements Request {
        @Override
        public void encode(JuteWriter w) {
            w.writeString(joiningServers).writeString(leavingServers).writeString(newMembers).writeLong(curConfigId);
        }

        static Reconfig decode(JuteReader r) {
            return new Reconfig(r.readString("ReconfigRequest.joiningServers"),
                    r.readString("ReconfigRequest.leavingServers"), r.readString("ReconfigRequest.newMembers"),
                    r.readLong("ReconfigRequest.curConfigId"));
        }
    }

    /** One operation of a multi: its op code and its request record. */
    record Op(int type, Request request) {}

    /** multi (14) or multiRead (22): the ops in order; see {@link MultiCodec}. */
    record Multi(List<Op> ops) implements Request {
        @Override
        public void encode(JuteWriter w) {
            MultiCodec.encodeOps(ops, w);
        }
    }

    /** No body: ping (11), closeSession (-11), whoAmI (107). */
    record Empty() implements Request {
        public static final Empty INSTANCE = new Empty();

        @Override
        public void encode(JuteWriter w) {
            // nothing follows the header
        }
    }
}
