package io.zabd.engine.tree;

import io.zabd.engine.txn.Acl;
import java.util.List;

/**
 * What prep needs of a node without copying its children: persisted stat, number of children, ACL
 * list and data (shared, never mutate it). Also the shape of prep's pending ("outstanding") changes.
 */
public record NodeRecord(StatPersisted stat, int childCount, List<Acl> acl, byte[] data) {}
