package io.zabd.server.client;

import io.zabd.engine.tree.DataTree;
import io.zabd.engine.txn.Acl;
import io.zabd.server.client.proto.WatcherEvent;
import io.zabd.server.client.watch.WatchManager;
import java.util.List;

/** What request handlers may use: all of it owned by the state-machine agent thread they run on. */
public interface ServerContext {
    DataTree tree();

    WatchManager<Cnxn> watches();

    /** The zxid of the last applied txn (a read reply's header zxid). */
    long lastProcessedZxid();

    /** ZooKeeper's checkACL for reads: whether {@code cnxn} holds one of the bits of {@code perm}. */
    boolean permitted(List<Acl> acl, int perm, Cnxn cnxn);

    /** What /zookeeper/config serves on an ensemble member, or null to serve the tree's node (standalone). */
    default ConfigNode configNode() {
        return null;
    }

    /** Queues a watch notification on {@code cnxn} (before any later reply of it). */
    void notify(Cnxn cnxn, long zxid, WatcherEvent event);
}
