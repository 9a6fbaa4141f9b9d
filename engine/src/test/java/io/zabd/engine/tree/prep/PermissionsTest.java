package io.zabd.engine.tree.prep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.txn.Acl;
import java.util.List;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.Test;

/** Goal: the server's read-side ACL check applies prep's rules, and digest ids are ZooKeeper's. */
class PermissionsTest {
    @Test
    void readChecksFollowPrepRules() {
        String alice = Permissions.digestId("alice:pw");
        List<Acl> acl = List.of(new Acl(Acl.READ, "digest", alice), new Acl(Acl.ADMIN, "ip", "10.0.0.0/8"));
        Caller anonymous = Caller.anonymous(1, 0);
        Caller asAlice = new Caller(1, 0, List.of(new AuthId("digest", alice)), "127.0.0.1", false);
        Caller fromTen = new Caller(1, 0, List.of(), "10.1.2.3", false);
        Caller root = new Caller(1, 0, List.of(), "127.0.0.1", true);
        assertFalse(Permissions.permitted(acl, Acl.READ, anonymous));
        assertTrue(Permissions.permitted(acl, Acl.READ, asAlice));
        assertFalse(Permissions.permitted(acl, Acl.READ, fromTen));
        assertTrue(Permissions.permitted(acl, Acl.READ | Acl.ADMIN, fromTen), "any of the bits");
        assertTrue(Permissions.permitted(acl, Acl.WRITE, root));
        assertTrue(Permissions.permitted(List.of(), Acl.WRITE, anonymous), "an empty ACL allows all");
    }

    @Test
    void digestIdsAreZooKeepers() throws Exception {
        for (String s : new String[] {"alice:pw", "super:compat-secret", "nocolon", "a:b:c"}) {
            assertEquals(DigestAuthenticationProvider.generateDigest(s), Permissions.digestId(s), s);
        }
    }
}
