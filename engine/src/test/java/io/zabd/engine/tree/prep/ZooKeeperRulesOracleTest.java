package io.zabd.engine.tree.prep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.apache.zookeeper.common.PathUtils;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.apache.zookeeper.server.auth.IPAuthenticationProvider;
import org.junit.jupiter.api.Test;

/**
 * Goal: our path validation, ip-scheme parsing/matching and digest ids agree with Apache
 * ZooKeeper's own PathUtils, IPAuthenticationProvider and DigestAuthenticationProvider on seeded
 * random inputs built from the characters those rules care about.
 */
class ZooKeeperRulesOracleTest {
    private static final char[] PATH_CHARS = {'/', '/', '.', '.', 'a', 'b', '\0', '\u0001', '\u001f', '\u007f',
        '\u0085', '\u009f', '\u00a0', '\ud800', '\uf8ff', '\uf900', '\ufff0', '\uffff', '\u00e9'};
    private static final String[] IP_PARTS = {"10", "0", "255", "256", "1", "-0", "+1", "a", "", "ffff", "db8",
        "2001", "12345"};

    @Test
    void pathValidationAgreesWithZooKeeper() {
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(9);
            for (int k = 0; k < n; k++) {
                b.append(PATH_CHARS[random.nextInt(PATH_CHARS.length)]);
            }
            String path = b.toString();
            boolean theirs;
            try {
                PathUtils.validatePath(path);
                theirs = true;
            } catch (IllegalArgumentException e) {
                theirs = false;
            }
            assertEquals(theirs, PathValidation.isValid(path), () -> "path " + escape(path));
        }
    }

    @Test
    void ipSchemeAgreesWithZooKeeper() {
        IPAuthenticationProvider zk = new IPAuthenticationProvider();
        Random random = new Random(7);
        for (int i = 0; i < 30_000; i++) {
            String acl = randomAddress(random) + (random.nextBoolean() ? "/" + (random.nextInt(140) - 4) : "");
            String peer = randomAddress(random);
            assertEquals(zk.isValid(acl), IpMatch.isValid(acl), () -> "isValid " + acl);
            assertEquals(zk.matches(peer, acl), IpMatch.matches(peer, acl), () -> peer + " matches " + acl);
        }
        assertEquals(true, IpMatch.matches("10.1.2.3", "10.0.0.0/8"));
    }

    @Test
    void digestIdAgreesWithZooKeeper() throws Exception {
        for (String user : new String[] {"alice", "bob", "carol", ""}) {
            assertEquals(DigestAuthenticationProvider.generateDigest(user + ":pw" + user.length()),
                    AclCheck.digestId(user, "pw" + user.length()));
        }
    }

    private static String randomAddress(Random random) {
        if (random.nextBoolean()) {
            StringBuilder b = new StringBuilder();
            int n = 2 + random.nextInt(4);
            for (int k = 0; k < n; k++) {
                if (k > 0) {
                    b.append('.');
                }
                b.append(random.nextInt(3) == 0 ? IP_PARTS[random.nextInt(IP_PARTS.length)] : random.nextInt(256));
            }
            return b.toString();
        }
        StringBuilder b = new StringBuilder();
        int n = 1 + random.nextInt(9);
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                b.append(random.nextInt(6) == 0 ? "::" : ":");
            }
            b.append(random.nextInt(3) == 0 ? IP_PARTS[random.nextInt(IP_PARTS.length)] : Integer.toHexString(random.nextInt(65536)));
        }
        return b.toString();
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return b.toString();
    }
}
