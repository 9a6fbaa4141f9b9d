package io.zabd.engine.tree.prep;

import io.zabd.engine.txn.Acl;
import java.util.List;

/**
 * ACL checks for the server's read path (ZooKeeper's ZooKeeperServer.checkACL outside prep:
 * getData, getChildren, getACL, exists and watch delivery), with the same rules prep applies.
 */
public final class Permissions {
    private static final AclCheck CHECK = new AclCheck(java.util.Set.of());

    private Permissions() {}

    /**
     * Whether {@code caller} may do an operation needing any bit of {@code perm} on a node with
     * {@code acl}: an empty ACL allows all, the super user passes, else an entry with one of the bits
     * must match world:anyone, one of the caller's digest ids or its peer address.
     */
    public static boolean permitted(List<Acl> acl, int perm, Caller caller) {
        try {
            CHECK.check(acl, perm, AclCheck.idsOf(caller), null);
            return true;
        } catch (PrepFailure e) {
            return false;
        }
    }

    /** The digest scheme's id for {@code user:password}: {@code user:base64(sha1(user:password))}. */
    public static String digestId(String userColonPassword) {
        int colon = userColonPassword.indexOf(':');
        String user = colon < 0 ? userColonPassword : userColonPassword.substring(0, colon);
        try {
            byte[] sha1 = java.security.MessageDigest.getInstance("SHA-1")
                    .digest(userColonPassword.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return user + ":" + java.util.Base64.getEncoder().encodeToString(sha1);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }
}
