package io.zabd.engine.tree.prep;

import io.zabd.engine.tree.KeeperCode;
import io.zabd.engine.txn.Acl;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * ZooKeeper's ACL rules (ZooKeeperServer.checkACL, PrepRequestProcessor.fixupACL and the ip and
 * digest providers). Schemes: world (only {@code anyone}), auth (expanded at create/setACL to the
 * caller's authenticated ids), digest ({@code user:base64(sha1(user:password))}, matched by
 * equality, "authenticated"), ip ({@code addr[/bits]}, IPv4 or IPv6, matched against the peer
 * address, not "authenticated"), super (the caller skips every check), plus configured extra schemes.
 */
final class AclCheck {
    static final String WORLD = "world";
    static final String ANYONE = "anyone";
    static final String AUTH = "auth";
    static final String DIGEST = "digest";
    static final String IP = "ip";
    static final String SUPER = "super";

    private final Set<String> extraSchemes;

    AclCheck(Set<String> extraSchemes) {
        this.extraSchemes = extraSchemes;
    }

    /** The ids ZooKeeper would hold for the connection: ip:peer first, then super if set, then the auth ids. */
    static List<AuthId> idsOf(Caller caller) {
        List<AuthId> ids = new ArrayList<>(caller.authIds().size() + 2);
        if (caller.peerIp() != null) {
            ids.add(new AuthId(IP, caller.peerIp()));
        }
        if (caller.superUser()) {
            ids.add(new AuthId(SUPER, ""));
        }
        ids.addAll(caller.authIds());
        return ids;
    }

    /** checkACL: NOAUTH unless an entry with {@code perm} matches one of {@code ids}; an empty ACL allows all. */
    void check(List<Acl> acl, int perm, List<AuthId> ids, String path) throws PrepFailure {
        if (acl == null || acl.isEmpty()) {
            return;
        }
        for (AuthId id : ids) {
            if (SUPER.equals(id.scheme())) {
                return;
            }
        }
        for (Acl a : acl) {
            if ((a.perms() & perm) == 0) {
                continue;
            }
            if (WORLD.equals(a.scheme()) && ANYONE.equals(a.id())) {
                return;
            }
            if (!isProvider(a.scheme())) {
                continue;
            }
            for (AuthId id : ids) {
                if (id.scheme().equals(a.scheme()) && matches(a.scheme(), id.id(), a.id())) {
                    return;
                }
            }
        }
        throw new PrepFailure(KeeperCode.NOAUTH, path);
    }

    /** fixupACL: duplicates removed, "auth" expanded, every id validated; INVALIDACL otherwise. */
    List<Acl> fixup(List<Acl> acls, List<AuthId> ids, String path) throws PrepFailure {
        List<Acl> unique = new ArrayList<>();
        if (acls != null) {
            for (Acl a : acls) {
                if (!unique.contains(a)) {
                    unique.add(a);
                }
            }
        }
        if (unique.isEmpty()) {
            throw new PrepFailure(KeeperCode.INVALIDACL, path);
        }
        List<Acl> out = new ArrayList<>();
        for (Acl a : unique) {
            if (a == null || a.scheme() == null) {
                throw new PrepFailure(KeeperCode.INVALIDACL, path);
            }
            if (WORLD.equals(a.scheme()) && ANYONE.equals(a.id())) {
                out.add(a);
            } else if (AUTH.equals(a.scheme())) {
                boolean any = false;
                for (AuthId id : ids) {
                    if (isAuthenticatedScheme(id.scheme())) {
                        any = true;
                        out.add(new Acl(a.perms(), id.scheme(), id.id()));
                    }
                }
                if (!any) {
                    throw new PrepFailure(KeeperCode.INVALIDACL, path);
                }
            } else {
                if (!isProvider(a.scheme()) || a.id() == null || !isValid(a.scheme(), a.id())) {
                    throw new PrepFailure(KeeperCode.INVALIDACL, path);
                }
                out.add(a);
            }
        }
        return out;
    }

    private boolean isProvider(String scheme) {
        return IP.equals(scheme) || DIGEST.equals(scheme) || extraSchemes.contains(scheme);
    }

    private boolean isAuthenticatedScheme(String scheme) {
        return DIGEST.equals(scheme) || extraSchemes.contains(scheme);
    }

    private static boolean isValid(String scheme, String id) {
        if (DIGEST.equals(scheme)) {
            return id.split(":").length == 2;
        }
        if (IP.equals(scheme)) {
            return IpMatch.isValid(id);
        }
        return true;
    }

    private static boolean matches(String scheme, String id, String aclId) {
        if (IP.equals(scheme)) {
            return IpMatch.matches(id, aclId);
        }
        return id.equals(aclId);
    }

    /** The digest scheme's id for a user and password: {@code user:base64(sha1("user:password"))}. */
    static String digestId(String user, String password) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return user + ":" + Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }
}
