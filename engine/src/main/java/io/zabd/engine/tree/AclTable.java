package io.zabd.engine.tree;

import io.zabd.engine.txn.Acl;
import io.zabd.engine.util.Invariants;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reference-counted ACL table, as ZooKeeper's {@code ReferenceCountedACLCache}: each distinct ACL
 * list is stored once under a long ref; nodes hold the ref. Ref {@link #OPEN_ACL_UNSAFE_REF} (-1)
 * stands for OPEN_ACL_UNSAFE without an entry, and is what a null ACL converts to (only the system
 * nodes have it: an explicit OPEN_ACL_UNSAFE list from a client gets a normal ref, as in ZooKeeper).
 * New refs are {@code ++index}, starting from 1; an entry whose count drops to 0 is removed. Every
 * entry added or removed is reported to the change listener (for snapshot deltas).
 */
final class AclTable {
    /** Told of every entry added (with its list) or removed (with null), after the table changed. */
    @FunctionalInterface
    interface ChangeListener {
        void changed(long ref, List<Acl> aclOrNullIfRemoved);
    }

    static final long OPEN_ACL_UNSAFE_REF = -1L;

    private final Map<List<Acl>, Long> refByAcl = new HashMap<>();
    private final SortedMap<Long, List<Acl>> aclByRef = new TreeMap<>();
    private final Map<Long, Long> counts = new HashMap<>();
    private final ChangeListener changed;
    private long index;

    AclTable(ChangeListener changed) {
        this.changed = changed;
    }

    /** Ref for {@code acl} (a new entry if needed), with its count incremented. */
    long addUsage(List<Acl> acl) {
        if (acl == null) {
            return OPEN_ACL_UNSAFE_REF;
        }
        Long ref = refByAcl.get(acl);
        if (ref == null) {
            ref = ++index;
            List<Acl> copy = List.copyOf(acl);
            aclByRef.put(ref, copy);
            refByAcl.put(copy, ref);
            changed.changed(ref, copy);
        }
        counts.merge(ref, 1L, Long::sum);
        return ref;
    }

    void removeUsage(long ref) {
        if (ref == OPEN_ACL_UNSAFE_REF) {
            return;
        }
        Long count = counts.get(ref);
        Invariants.check(count != null && count > 0, "ACL ref %d released but not in use", ref);
        if (count == 1) {
            counts.remove(ref);
            refByAcl.remove(aclByRef.remove(ref), ref);
            changed.changed(ref, null);
        } else {
            counts.put(ref, count - 1);
        }
    }

    /** The ACL list of a ref; OPEN_ACL_UNSAFE for -1. Throws if the ref is unknown (a corrupt tree). */
    List<Acl> get(long ref) {
        if (ref == OPEN_ACL_UNSAFE_REF) {
            return Acl.OPEN_ACL_UNSAFE;
        }
        List<Acl> acl = aclByRef.get(ref);
        Invariants.check(acl != null, "ACL ref %d is not in the ACL table", ref);
        return acl;
    }

    boolean contains(long ref) {
        return aclByRef.containsKey(ref);
    }

    long count(long ref) {
        return counts.getOrDefault(ref, 0L);
    }

    int size() {
        return aclByRef.size();
    }

    SortedMap<Long, List<Acl>> entries() {
        return aclByRef;
    }

    /** Snapshot load: an entry with count 0 (nodes then add their usage); the index follows the highest ref. */
    void load(long ref, List<Acl> acl) {
        if (ref == OPEN_ACL_UNSAFE_REF || aclByRef.containsKey(ref)) {
            throw new IllegalArgumentException("snapshot ACL entry " + ref + " is reserved or repeated");
        }
        List<Acl> copy = List.copyOf(acl);
        aclByRef.put(ref, copy);
        refByAcl.putIfAbsent(copy, ref); // a list stored under two refs (possible in a foreign snapshot): first wins
        index = Math.max(index, ref);
    }

    /** Snapshot load: a node uses {@code ref}. */
    void loadUsage(long ref) {
        if (ref == OPEN_ACL_UNSAFE_REF) {
            return;
        }
        if (!aclByRef.containsKey(ref)) {
            throw new IllegalArgumentException("snapshot node uses ACL ref " + ref + " which the snapshot does not hold");
        }
        counts.merge(ref, 1L, Long::sum);
    }

    /** After a snapshot load: drops entries no node uses (ZooKeeper's purgeUnused). */
    void purgeUnused() {
        aclByRef.keySet().removeIf(ref -> {
            if (counts.containsKey(ref)) {
                return false;
            }
            refByAcl.remove(aclByRef.get(ref), ref);
            changed.changed(ref, null);
            return true;
        });
    }
}
