package io.zabd.engine.tree;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * A live znode, owned by the {@link DataTree} (single-threaded). {@code data} arrays and
 * {@code stat} records are replaced, never mutated, so snapshot images can share them.
 *
 * <p>Children are a hash set, as in ZooKeeper: adding or removing one is O(1) however wide the
 * node (a sorted tree cost ~20 cache-missing comparisons per create under a parent with 500,000
 * children, a sixth of a member's apply thread under the create load). Readers get them sorted
 * from {@link #sortedChildren()}, sorted on first use after a change and kept until the next one,
 * so a node that only grows is never sorted and one that is only read is sorted once.
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
    /**
     * Where the tree recorded this node's newest image: slot {@code recordIndex} of the change list of
     * recording period {@code recordEpoch} (the tree's periods start at 1, so a node never recorded
     * has none). Finding the slot this way costs a field read, where a map from path to image cost a
     * hash probe that missed the cache on every change.
     */
    int recordEpoch;
    int recordIndex;
    /**
     * The children's full paths: the same String instances as their keys in the tree's node map, so a
     * child costs the parent a set entry and no String of its own (a name String was ~56 of the ~455
     * bytes a node held). Names are cut from them only for readers.
     */
    private HashSet<String> children;
    /** The children's names sorted, or null when not built since the last change. */
    private List<String> sorted;

    DataNode(byte[] data, long aclRef, StatPersisted stat) {
        this.data = data;
        this.aclRef = aclRef;
        this.stat = stat;
    }

    /** Child names in ascending order; an unmodifiable list, valid until the next add or remove. */
    List<String> sortedChildren() {
        if (children == null || children.isEmpty()) {
            return List.of();
        }
        List<String> s = sorted;
        if (s == null) {
            int prefix = path.length() == 1 ? 1 : path.length() + 1; // "/" or "/parent/"
            String[] names = new String[children.size()];
            int i = 0;
            for (String child : children) {
                names[i++] = child.substring(prefix);
            }
            Arrays.sort(names);
            s = List.of(names);
            sorted = s;
        }
        return s;
    }

    int childCount() {
        return children == null ? 0 : children.size();
    }

    /** Adds a child by its full path, which should be the instance the tree keys the child by. */
    void addChild(String childPath) {
        if (children == null) {
            children = new HashSet<>();
        }
        if (children.add(childPath)) {
            sorted = null;
        }
    }

    boolean removeChild(String childPath) {
        if (children != null && children.remove(childPath)) {
            sorted = null;
            return true;
        }
        return false;
    }
}
