package io.zabd.engine.tree.prep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.engine.tree.DataTree;
import io.zabd.engine.tree.KeeperCode;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Goal: TxnPrep gives ZooKeeper's txn or error code for each kind of input, with pending changes taken into account. */
class TxnPrepTest {
    private static final long S1 = 0x0100_0000_0000_0001L;
    private static final long S2 = 0x0100_0000_0000_0002L;
    private static final String ALICE = AclCheck.digestId("alice", "secret");
    private static final List<Acl> OPEN = Acl.OPEN_ACL_UNSAFE;

    private DataTree tree = new DataTree(false);
    private TxnPrep prep = new TxnPrep(tree, PrepConfig.defaults());
    private long zxid = 0x1_0000_0000L;

    private void use(PrepConfig config) {
        tree = new DataTree(config.extendedTypesEnabled());
        prep = new TxnPrep(tree, config);
    }

    private PrepResult submit(WriteRequest r, Caller caller) {
        return prep.prep(r, caller, ++zxid, 1000);
    }

    private PrepResult submit(WriteRequest r) {
        return submit(r, Caller.anonymous(S1, 7));
    }

    /** Prepares and applies at once. */
    private PrepResult run(WriteRequest r, Caller caller) {
        PrepResult p = submit(r, caller);
        tree.apply(p.txn());
        prep.applied(p.txn().zxid());
        return p;
    }

    private PrepResult run(WriteRequest r) {
        return run(r, Caller.anonymous(S1, 7));
    }

    private static WriteRequest.Create create(String path, int flags) {
        return new WriteRequest.Create(OpCode.CREATE, path, new byte[0], OPEN, flags, -1);
    }

    private void openSessions() {
        run(new WriteRequest.CreateSession(4000), Caller.anonymous(S1, 0));
        run(new WriteRequest.CreateSession(4000), Caller.anonymous(S2, 0));
    }

    @Test
    void pathRulesAndTheirOrderFollowZooKeeper() {
        openSessions();
        assertEquals(KeeperCode.BADARGUMENTS, submit(create("a", 0)).err());
        assertEquals(KeeperCode.NONODE, submit(create("/a/", 0)).err(), "parent is looked up before the full check");
        run(create("/a", 0));
        assertEquals(KeeperCode.BADARGUMENTS, submit(create("/a/", 0)).err());
        assertEquals(KeeperCode.BADARGUMENTS, submit(create("/a/.", 0)).err());
        assertEquals(KeeperCode.BADARGUMENTS, submit(create("/a/b\u0001", 0)).err());
        assertTrue(submit(create("/a/", 2)).ok(), "a sequential name may end in /");
        assertEquals(KeeperCode.BADARGUMENTS, submit(new WriteRequest.Delete("/", -1)).err());
        assertEquals(KeeperCode.BADARGUMENTS, submit(new WriteRequest.Delete("/zookeeper/config", -1)).err());
        assertEquals(KeeperCode.BADARGUMENTS, submit(new WriteRequest.SetData("/a//b", null, -1)).err());
        assertEquals(KeeperCode.BADARGUMENTS, submit(create("/a/x", 7)).err(), "unknown create flag");
    }

    @Test
    void failedRequestBecomesErrorTxnWithItsZxid() {
        openSessions();
        PrepResult r = submit(new WriteRequest.Delete("/nope", -1));
        assertEquals(KeeperCode.NONODE, r.err());
        assertEquals(OpCode.ERROR, r.txn().type());
        assertEquals(zxid, r.txn().zxid());
        assertEquals(new TxnBody.Error(KeeperCode.NONODE), r.txn().body());
    }

    @Test
    void sequentialNamesComeFromParentCversionIncludingPendingCreates() {
        openSessions();
        run(create("/p", 0));
        PrepResult a = submit(create("/p/s-", 2));
        PrepResult b = submit(create("/p/s-", 3));
        assertEquals("/p/s-0000000000", ((TxnBody.Create) a.txn().body()).path());
        assertEquals("/p/s-0000000001", ((TxnBody.Create) b.txn().body()).path());
        assertEquals(2, ((TxnBody.Create) b.txn().body()).parentCVersion());
        assertTrue(((TxnBody.Create) b.txn().body()).ephemeral());
        tree.apply(a.txn());
        tree.apply(b.txn());
        prep.applied(b.txn().zxid());
        assertEquals(0, prep.pendingChangeCount());
        run(new WriteRequest.Delete("/p/s-0000000000", -1));
        PrepResult c = run(create("/p/s-", 2));
        assertEquals("/p/s-0000000002", ((TxnBody.Create) c.txn().body()).path(), "delete does not reuse a number");
    }

    @Test
    void pendingChangesDecideExistenceVersionsAndChildren() {
        openSessions();
        assertTrue(submit(create("/a", 0)).ok());
        assertEquals(KeeperCode.NODEEXISTS, submit(create("/a", 0)).err());
        assertTrue(submit(create("/a/b", 0)).ok());
        assertEquals(KeeperCode.NOTEMPTY, submit(new WriteRequest.Delete("/a", -1)).err());
        assertEquals(KeeperCode.BADVERSION, submit(new WriteRequest.SetData("/a/b", null, 1)).err());
        PrepResult set = submit(new WriteRequest.SetData("/a/b", null, 0));
        assertEquals(1, ((TxnBody.SetData) set.txn().body()).version());
        assertTrue(submit(new WriteRequest.Delete("/a/b", 1)).ok());
        assertEquals(KeeperCode.NONODE, submit(new WriteRequest.SetData("/a/b", null, -1)).err());
        assertTrue(submit(new WriteRequest.Delete("/a", 0)).ok());
        PrepResult check = submit(new WriteRequest.Check("/zookeeper", 0));
        assertEquals(new TxnBody.CheckVersion("/zookeeper", 1), check.txn().body(), "check carries version + 1");
    }

    @Test
    void ephemeralParentsAndSessionsFollowZooKeeper() {
        openSessions();
        run(create("/e", 1));
        assertEquals(KeeperCode.NOCHILDRENFOREPHEMERALS, submit(create("/e/x", 0)).err());
        assertEquals(KeeperCode.SESSIONEXPIRED, submit(create("/x", 0), Caller.anonymous(0x77, 1)).err());
        assertTrue(submit(create("/e2", 1)).ok());
        assertTrue(submit(new WriteRequest.Delete("/e", -1)).ok());
        PrepResult close = submit(new WriteRequest.CloseSession());
        assertEquals(new TxnBody.CloseSession(List.of("/e2")), close.txn().body(),
                "pending create of the session's ephemeral is included, pending delete is not");
        assertEquals(KeeperCode.SESSIONEXPIRED, submit(create("/y", 0)).err(), "session is closing");
        assertTrue(submit(create("/y", 0), Caller.anonymous(S2, 1)).ok());
    }

    @Test
    void aclSchemesWorldDigestIpSuperAndAuth() {
        openSessions();
        Caller alice = new Caller(S1, 1, List.of(new AuthId("digest", ALICE)), "10.1.2.3", false);
        Caller nobody = new Caller(S2, 1, List.of(), "11.0.0.1", false);
        Caller root = new Caller(S2, 1, List.of(), "11.0.0.1", true);
        PrepResult auth = run(new WriteRequest.Create(OpCode.CREATE, "/d", null, List.of(new Acl(Acl.ALL, "auth", "")), 0, -1), alice);
        assertEquals(List.of(new Acl(Acl.ALL, "digest", ALICE)), ((TxnBody.Create) auth.txn().body()).acl());
        assertEquals(KeeperCode.NOAUTH, submit(create("/d/x", 0), nobody).err());
        assertTrue(submit(create("/d/x", 0), alice).ok());
        assertTrue(submit(create("/d/y", 0), root).ok());

        run(new WriteRequest.Create(OpCode.CREATE, "/ip", null, List.of(new Acl(Acl.ALL, "ip", "10.0.0.0/8")), 0, -1));
        assertTrue(submit(new WriteRequest.SetData("/ip", null, -1), alice).ok());
        assertEquals(KeeperCode.NOAUTH, submit(new WriteRequest.SetData("/ip", null, -1), nobody).err());
        run(new WriteRequest.Create(OpCode.CREATE, "/v6", null, List.of(new Acl(Acl.READ, "ip", "2001:db8::/32")), 0, -1));
        Caller v6 = new Caller(S2, 1, List.of(), "2001:db8:0:0:0:0:0:1", false);
        assertTrue(submit(new WriteRequest.Check("/v6", -1), v6).ok());
        assertEquals(KeeperCode.NOAUTH, submit(new WriteRequest.SetData("/v6", null, -1), v6).err(), "READ only");
        assertEquals(KeeperCode.NOAUTH, submit(new WriteRequest.SetData("/zookeeper/config", null, -1)).err());
    }

    @Test
    void invalidAclsAreRejected() {
        openSessions();
        for (List<Acl> acl : List.of(List.<Acl>of(), List.of(new Acl(Acl.ALL, "world", "bob")),
                List.of(new Acl(Acl.ALL, "auth", "")), List.of(new Acl(Acl.ALL, "digest", "nocolon")),
                List.of(new Acl(Acl.ALL, "ip", "1.2.3.4/33")), List.of(new Acl(Acl.ALL, "ip", "1.2.3")),
                List.of(new Acl(Acl.ALL, "sasl", "bob")))) {
            assertEquals(KeeperCode.INVALIDACL,
                    submit(new WriteRequest.Create(OpCode.CREATE, "/x", null, acl, 0, -1)).err(), acl.toString());
        }
        use(new PrepConfig(false, false, true, Set.of("sasl")));
        openSessions();
        assertTrue(submit(new WriteRequest.Create(OpCode.CREATE, "/x", null, List.of(new Acl(Acl.ALL, "sasl", "bob")), 0, -1)).ok());
        PrepResult dup = submit(new WriteRequest.SetAcl("/zookeeper", List.of(OPEN.get(0), OPEN.get(0)), -1));
        assertEquals(new TxnBody.SetAcl("/zookeeper", OPEN, 1), dup.txn().body(), "duplicates removed");
    }

    @Test
    void ttlAndContainerRules() {
        openSessions();
        assertEquals(KeeperCode.UNIMPLEMENTED,
                submit(new WriteRequest.Create(OpCode.CREATE_TTL, "/t", null, OPEN, 5, 100)).err());
        use(new PrepConfig(true, false, true, Set.of()));
        openSessions();
        assertEquals(KeeperCode.BADARGUMENTS, submit(new WriteRequest.Create(OpCode.CREATE_TTL, "/t", null, OPEN, 5, 0)).err());
        assertEquals(KeeperCode.BADARGUMENTS, submit(new WriteRequest.Create(OpCode.CREATE_TTL, "/t", null, OPEN, 0, 10)).err());
        assertEquals(KeeperCode.BADARGUMENTS, submit(new WriteRequest.Create(OpCode.CREATE, "/t", null, OPEN, 5, -1)).err());
        PrepResult ttl = run(new WriteRequest.Create(OpCode.CREATE_TTL, "/t", null, OPEN, 5, 100));
        assertEquals(new TxnBody.CreateTtl("/t", null, OPEN, 1, 100), ttl.txn().body());
        run(new WriteRequest.Create(OpCode.CREATE_CONTAINER, "/c", null, OPEN, 4, -1));
        run(create("/c/k", 0));
        assertEquals(KeeperCode.NOTEMPTY, submit(new WriteRequest.DeleteContainer("/c")).err());
        run(new WriteRequest.Delete("/c/k", -1));
        assertEquals(List.of("/c"), tree.containerCandidates());
        assertTrue(run(new WriteRequest.DeleteContainer("/c"), Caller.anonymous(0, 0)).ok(), "no session needed");
        run(create("/e", 1));
        assertEquals(KeeperCode.BADVERSION, submit(new WriteRequest.DeleteContainer("/e")).err());
    }

    @Test
    void failedMultiKeepsEarlierTxnsMarksTheFailureAndRollsBackPendingChanges() {
        openSessions();
        run(create("/a", 0));
        PrepResult m = submit(new WriteRequest.Multi(List.of(create("/m", 0), create("/a/c", 0),
                new WriteRequest.SetData("/a", null, 5), new WriteRequest.Check("/a", -1))));
        assertEquals(KeeperCode.BADVERSION, m.err());
        assertEquals(OpCode.MULTI, m.txn().type());
        List<TxnBody.Sub> subs = ((TxnBody.Multi) m.txn().body()).txns();
        assertEquals(List.of(OpCode.CREATE, OpCode.CREATE, OpCode.ERROR, OpCode.ERROR),
                subs.stream().map(TxnBody.Sub::type).toList());
        assertEquals(new TxnBody.Error(KeeperCode.BADVERSION), subs.get(2).body());
        assertEquals(new TxnBody.Error(KeeperCode.RUNTIMEINCONSISTENCY), subs.get(3).body());
        assertEquals(0, prep.pendingChangeCount(), "the failed multi's pending records are undone");
        assertTrue(submit(create("/m", 0)).ok());
        PrepResult seq = submit(create("/a/s", 2));
        assertEquals("/a/s0000000000", ((TxnBody.Create) seq.txn().body()).path(), "parent cversion rolled back too");
    }

    @Test
    void hardQuotaFailsWritesSoftQuotaOnlyLogs() {
        use(new PrepConfig(false, true, true, Set.of()));
        openSessions();
        run(create("/q", 0));
        run(create("/zookeeper/quota/q", 0));
        run(new WriteRequest.Create(OpCode.CREATE, "/zookeeper/quota/q/zookeeper_limits",
                "count=-1,bytes=4=;countHardLimit=3".getBytes(StandardCharsets.UTF_8), OPEN, 0, -1));
        run(create("/zookeeper/quota/q/zookeeper_stats", 0));
        assertTrue(run(create("/q/a", 0)).ok());
        assertTrue(run(create("/q/b", 0)).ok());
        assertEquals(KeeperCode.QUOTAEXCEEDED, submit(create("/q/c", 0)).err(), "4 nodes > countHardLimit 3");
        assertTrue(submit(new WriteRequest.SetData("/q/a", new byte[10], -1)).ok(), "bytes is a soft limit");
        assertFalse(submit(create("/q/c", 0)).ok());
    }

    @Test
    void pathValidationMatchesZooKeeper() {
        for (String ok : List.of("/", "/a", "/a/b", "/a.b", "/..a", "/a/...", "/\u00e9")) {
            assertTrue(PathValidation.isValid(ok), ok);
        }
        for (String bad : List.of("", "a", "/a/", "//a", "/a/./b", "/a/..", "/.", "/a\u0000", "/a\u001f", "/a\u0085",
                "/\ud800", "/\ufff5")) {
            assertFalse(PathValidation.isValid(bad), bad);
        }
    }

    @Test
    void digestIdIsUserColonBase64Sha1() {
        assertEquals("super:D/InIHSb7yEEbrWz8b9l71RjZJU=", AclCheck.digestId("super", "test"));
    }

    @Test
    void ipMatchingMasksPrefixBits() {
        assertTrue(IpMatch.matches("192.168.1.7", "192.168.0.0/16"));
        assertFalse(IpMatch.matches("192.169.1.7", "192.168.0.0/16"));
        assertTrue(IpMatch.matches("10.0.0.1", "10.0.0.1"));
        assertFalse(IpMatch.matches("10.0.0.1", "::1"));
        assertTrue(IpMatch.matches("::1", "0:0:0:0:0:0:0:1"));
        assertFalse(IpMatch.isValid("::1::"));
        assertFalse(IpMatch.isValid("localhost"));
    }

    @Test
    void nullPathIsAMarshallingError() {
        openSessions();
        assertEquals(KeeperCode.MARSHALLINGERROR, submit(new WriteRequest.SetData(null, null, -1)).err());
        PrepResult m = submit(new WriteRequest.Multi(List.of(create("/ok", 0), new WriteRequest.Delete(null, -1))));
        assertEquals(new TxnBody.Error(KeeperCode.MARSHALLINGERROR), m.txn().body());
        assertEquals(0, prep.pendingChangeCount());
        assertTrue(submit(create("/ok", 0)).ok());
    }
}
