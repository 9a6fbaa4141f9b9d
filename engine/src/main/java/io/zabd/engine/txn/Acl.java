package io.zabd.engine.txn;

import java.util.List;

/**
 * One ACL entry: permission bits and an identity {@code scheme:id}. Jute layout
 * {@code ACL{int perms; Id{ustring scheme; ustring id}}}.
 */
public record Acl(int perms, String scheme, String id) {
    public static final int READ = 1;
    public static final int WRITE = 2;
    public static final int CREATE = 4;
    public static final int DELETE = 8;
    public static final int ADMIN = 16;
    public static final int ALL = 31;

    /** ZooKeeper's OPEN_ACL_UNSAFE: world:anyone with every permission. */
    public static final List<Acl> OPEN_ACL_UNSAFE = List.of(new Acl(ALL, "world", "anyone"));
    /** ZooKeeper's READ_ACL_UNSAFE. */
    public static final List<Acl> READ_ACL_UNSAFE = List.of(new Acl(READ, "world", "anyone"));
}
