package io.zabd.engine.tree;

import java.util.Collections;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * A live znode, owned by the {@link DataTree} (single-threaded). {@code data} arrays and
 * {@code stat} records are replaced, never mutated, so snapshot images can share them.
 */
final class DataNode {
    byte[] data;
    long aclRef;
    StatPersisted stat;
    long digest;
    /**
     * The node's path, the same String instance as its key in the tree's node map (set by putNode):
     * change tracking adds this instance, whose hash is cached and which compares equal by identity,
     * instead of the request's freshly decoded copy.
     */
    String path;
    private NavigableSet<String> children;

    DataNode(byte[] data, long aclRef, StatPersisted stat) {
        this.data = data;
        this.aclRef = aclRef;
        this.stat = stat;
    }

    NavigableSet<String> children() {
        return children == null ? Collections.emptyNavigableSet() : children;
    }

    int childCount() {
        return children == null ? 0 : children.size();
    }

    void addChild(String name) {
        if (children == null) {
            children = new TreeSet<>();
        }
        children.add(name);
    }

    boolean removeChild(String name) {
        return children != null && children.remove(name);
    }
}
