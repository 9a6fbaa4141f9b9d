package io.zabd.engine.tree;

import io.zabd.engine.txn.Acl;
import java.util.List;

/**
 * A read view of one znode for the server: data (shared, never mutate it), full Stat, ACL list and
 * child names. Deliberate difference: children are sorted (String order); ZooKeeper returns them in
 * its hash-set order, which clients must not rely on.
 */
public record NodeView(String path, byte[] data, Stat stat, List<Acl> acl, List<String> children) {}
