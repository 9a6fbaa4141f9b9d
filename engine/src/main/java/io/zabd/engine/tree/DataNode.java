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
