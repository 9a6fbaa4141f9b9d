package io.zabd.server.compat;

import io.zabd.server.ZabdServer;
import io.zabd.server.config.ZooCfgParser;
import io.zabd.server.quorum.QuorumRuntimeConfig;
import io.zabd.server.quorum.RuntimeStatus;
import io.zabd.server.zab.ServerState;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A 3-member zabd ensemble in-process ({@link ZabdServer} per member, server.N lines, the ZAB
 * runtime's default limits), each member with {@link ZabdTarget}'s zoo.cfg settings (preAllocSize=1024
 * as standalone: an ensemble member accepts what standalone accepts). Ready once one
 * member leads and two follow; its connect string lists all three members.
 */
final class ZabdEnsembleTarget implements TargetServer {
    static final String NAME = "zabd-ensemble3";
    private final EnsembleLayout layout;
    private final List<ZabdServer> members = new ArrayList<>();

    private ZabdEnsembleTarget(EnsembleLayout layout) {
        this.layout = layout;
    }

    static TargetServer start(Path dir, TargetOptions options) throws Exception {
        ZabdEnsembleTarget target = new ZabdEnsembleTarget(new EnsembleLayout());
        try {
            target.startMembers(dir, options);
        } catch (Exception | Error e) {
            target.close();
            throw e;
        }
        return target;
    }

    private void startMembers(Path dir, TargetOptions options) throws Exception {
        for (int id = 1; id <= EnsembleLayout.MEMBERS; id++) {
            Path memberDir = dir.resolve("member" + id);
            EnsembleLayout.writeMyid(ZabdTarget.dataDir(memberDir), id);
            String text = ZabdTarget.configText(memberDir, options, layout.clientPorts.get(id - 1)) + layout.quorumLines();
            Path cfg = dir.resolve("zoo" + id + ".cfg");
            Files.writeString(cfg, text);
            members.add(ZabdServer.start(ZooCfgParser.parse(cfg), QuorumRuntimeConfig.defaults()));
        }
        EnsembleLayout.await("a zabd leader and two followers established", () -> {
            int leaders = 0;
            int followers = 0;
            for (ZabdServer s : members) {
                RuntimeStatus q = s.quorumStatus();
                if (q != null && q.established()) {
                    leaders += q.state() == ServerState.LEADING ? 1 : 0;
                    followers += q.state() == ServerState.FOLLOWING ? 1 : 0;
                }
            }
            return leaders == 1 && followers == EnsembleLayout.MEMBERS - 1;
        });
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Member 1's client listener (raw sockets, four-letter words). */
    @Override
    public InetSocketAddress clientAddress() {
        return layout.clientAddress(1);
    }

    @Override
    public List<InetSocketAddress> memberAddresses() {
        return layout.clientAddresses();
    }

    @Override
    public String connectString() {
        return layout.connectString();
    }

    @Override
    public void close() {
        for (ZabdServer s : members) {
            s.close();
        }
        members.clear();
    }

    @Override
    public String toString() {
        return name();
    }
}
