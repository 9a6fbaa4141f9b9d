package io.zabd.server.client;

import io.zabd.server.client.proto.Stat;
import java.util.Objects;

/**
 * What {@code /zookeeper/config} serves on an ensemble member. ZooKeeper writes that node on each
 * server from the server's own configuration, outside any transaction (at start and after every
 * sync with a leader): data = the quorum configuration text, mzxid = the configuration's version,
 * mtime = when it was set, version = -1; czxid, ctime, aversion (-1) and ACL stay as created. zabd
 * keeps the replicated node empty (trees and digests stay equal on every member) and serves this
 * overlay in reads instead: getData, exists, getChildren2 and getACL of that path.
 *
 * @param data          the configuration text (see {@code config.QuorumConfigText})
 * @param configVersion the configuration's version, served as mzxid
 * @param mtimeMs       when this member set it, served as mtime
 */
public record ConfigNode(byte[] data, long configVersion, long mtimeMs) {
    public static final String PATH = "/zookeeper/config";
    /** ZooKeeper sets the node with version -1. */
    static final int VERSION = -1;

    public ConfigNode {
        Objects.requireNonNull(data, "data");
    }

    /** The tree's stat of the node with this member's configuration over it. */
    public Stat overlay(Stat tree) {
        return new Stat(tree.czxid(), configVersion, tree.ctime(), mtimeMs, VERSION, tree.cversion(), tree.aversion(),
                tree.ephemeralOwner(), data.length, tree.numChildren(), tree.pzxid());
    }
}
