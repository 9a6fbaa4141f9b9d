package io.zabd.server.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.server.client.proto.JuteRecord;
import io.zabd.engine.tree.KeeperCode;
import io.zabd.server.client.proto.Request;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: requests the official client would refuse before sending (bad paths, unknown flags and
 * modes, the root alias "") get the same error code and body length from ZooKeeper 3.9.5 and zabd,
 * single servers and 3-member ensembles alike.
 */
class RawDifferentialCompatTest {
    private record Call(String what, int op, JuteRecord body) {}

    private static final List<Acl> OPEN = Acl.OPEN_ACL_UNSAFE;

    private static List<Call> script() {
        List<Call> calls = new ArrayList<>();
        calls.add(new Call("create /a", OpCode.CREATE, new Request.Create("/a", new byte[0], OPEN, 0)));
        calls.add(new Call("create double slash", OpCode.CREATE, new Request.Create("/a//b", new byte[0], OPEN, 0)));
        calls.add(new Call("create trailing slash", OpCode.CREATE, new Request.Create("/a/", new byte[0], OPEN, 0)));
        calls.add(new Call("create no slash", OpCode.CREATE, new Request.Create("a", new byte[0], OPEN, 0)));
        calls.add(new Call("create root", OpCode.CREATE, new Request.Create("/", new byte[0], OPEN, 0)));
        calls.add(new Call("create dot", OpCode.CREATE, new Request.Create("/a/.", new byte[0], OPEN, 0)));
        calls.add(new Call("create bad flags", OpCode.CREATE, new Request.Create("/f", new byte[0], OPEN, 99)));
        calls.add(new Call("create2 ttl flag", OpCode.CREATE2, new Request.Create("/f", new byte[0], OPEN, 5)));
        calls.add(new Call("createTTL off", OpCode.CREATE_TTL, new Request.CreateTtl("/t", new byte[0], OPEN, 5, 100)));
        calls.add(new Call("createContainer", OpCode.CREATE_CONTAINER, new Request.Create("/c", new byte[0], OPEN, 4)));
        calls.add(new Call("createContainer wrong flag", OpCode.CREATE_CONTAINER, new Request.Create("/c2", new byte[0], OPEN, 0)));
        calls.add(new Call("empty acl", OpCode.CREATE, new Request.Create("/e", new byte[0], List.of(), 0)));
        calls.add(new Call("exists NUL", OpCode.EXISTS, new Request.PathWatch("/a\0b", false)));
        calls.add(new Call("exists root alias", OpCode.EXISTS, new Request.PathWatch("", false)));
        calls.add(new Call("getData root alias", OpCode.GET_DATA, new Request.PathWatch("", false)));
        calls.add(new Call("getChildren root alias", OpCode.GET_CHILDREN, new Request.PathWatch("", false)));
        calls.add(new Call("getData missing", OpCode.GET_DATA, new Request.PathWatch("/none", false)));
        calls.add(new Call("setData bad path", OpCode.SET_DATA, new Request.SetData("/a//b", new byte[0], -1)));
        calls.add(new Call("delete root", OpCode.DELETE, new Request.Delete("/", -1)));
        calls.add(new Call("delete quota", OpCode.DELETE, new Request.Delete("/zookeeper/quota", -1)));
        calls.add(new Call("setACL bad acl", OpCode.SET_ACL, new Request.SetAcl("/a", List.of(new Acl(31, "ip", "1.2.3.4/99")), -1)));
        calls.add(new Call("check standalone bad version", OpCode.CHECK, new Request.CheckVersion("/a", 5)));
        calls.add(new Call("getAllChildrenNumber root", OpCode.GET_ALL_CHILDREN_NUMBER, new Request.PathOnly("/")));
        calls.add(new Call("sync missing", OpCode.SYNC, new Request.PathOnly("/none")));
        calls.add(new Call("getEphemerals empty", OpCode.GET_EPHEMERALS, new Request.PathOnly("")));
        calls.add(new Call("addWatch bad mode", OpCode.ADD_WATCH, new Request.AddWatch("/a", 7)));
        calls.add(new Call("checkWatches bad type", OpCode.CHECK_WATCHES, new Request.WatchType("/a", 9)));
        calls.add(new Call("removeWatches bad type", OpCode.REMOVE_WATCHES, new Request.WatchType("/a", 0)));
        calls.add(new Call("getACL root alias", OpCode.GET_ACL, new Request.PathOnly("")));
        calls.add(new Call("getACL config", OpCode.GET_ACL, new Request.PathOnly("/zookeeper/config")));
        calls.add(new Call("reconfig", OpCode.RECONFIG, new Request.Reconfig(null, null, "server.1=localhost:2888:3888", -1)));
        calls.add(new Call("whoAmI", OpCode.WHO_AM_I, Request.Empty.INSTANCE));
        calls.add(new Call("multi bad path", OpCode.MULTI, new Request.Multi(List.of(
                new Request.Op(OpCode.CREATE, new Request.Create("/m", new byte[0], OPEN, 0)),
                new Request.Op(OpCode.CREATE, new Request.Create("/m//x", new byte[0], OPEN, 0))))));
        return calls;
    }

    private static List<String> run(TargetFactory factory, Path dir) throws Exception {
        List<String> out = new ArrayList<>();
        try (TargetServer server = factory.start(dir, TargetOptions.DEFAULTS)) {
            RawSession s = new RawSession(server.clientAddress());
            int xid = 1;
            for (Call c : script()) {
                try {
                    RawSession.Reply r = s.call(xid++, c.op(), c.body());
                    out.add(c.what() + " -> " + KeeperCode.name(r.header().err()) + " body " + r.body().length + " bytes");
                } catch (java.io.IOException e) {
                    out.add(c.what() + " -> connection closed");
                    s.close();
                    s = new RawSession(server.clientAddress());
                }
            }
            s.close();
        }
        return out;
    }

    @Test
    void sameCodesForRequestsTheClientWouldRefuse(@TempDir Path dir) throws Exception {
        List<String> zookeeper = run(ZooKeeperTarget::start, dir.resolve("zk"));
        List<String> zabd = run(ZabdTarget::start, dir.resolve("zabd"));
        assertEquals(String.join("\n", zookeeper), String.join("\n", zabd));
    }

    /** The same script through member 1 of a 3-member ensemble of each system (writes go via the leader). */
    @Test
    void sameCodesOnEnsembles(@TempDir Path dir) throws Exception {
        List<String> zookeeper = run(ZooKeeperEnsembleTarget::start, dir.resolve("zk"));
        List<String> zabd = run(ZabdEnsembleTarget::start, dir.resolve("zabd"));
        assertEquals(String.join("\n", zookeeper), String.join("\n", zabd));
    }
}
