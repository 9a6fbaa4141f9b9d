package io.zabd.engine.tree;

import java.util.Arrays;
import java.util.Objects;

/**
 * What is stored of one znode in a snapshot: path, data, ACL reference (into the ACL table, -1 for
 * OPEN_ACL_UNSAFE as ZooKeeper does) and the persisted stat. Children are implied by paths. The
 * data array is never mutated after it enters the tree, so an image shares it with the live node.
 */
public record NodeImage(String path, byte[] data, long aclRef, StatPersisted stat) {
    public NodeImage {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(stat, "stat");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeImage n && path.equals(n.path) && Arrays.equals(data, n.data) && aclRef == n.aclRef
                && stat.equals(n.stat);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, Arrays.hashCode(data), aclRef, stat);
    }
}
