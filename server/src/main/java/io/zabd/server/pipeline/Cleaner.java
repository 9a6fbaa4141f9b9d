package io.zabd.server.pipeline;

import io.zabd.engine.tree.ApplyResult;
import io.zabd.engine.tree.prep.Caller;
import io.zabd.engine.tree.prep.WriteRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ZooKeeper's ContainerManager on the state-machine agent: every {@code znode.container.checkIntervalMs}
 * it asks the tree for empty containers that once had children and for TTL nodes past their TTL, and
 * deletes each with a deleteContainer txn through the normal pipeline (session 0, no ACL check). A
 * path already being deleted is not asked for again.
 */
final class Cleaner {
    private static final Logger LOG = LoggerFactory.getLogger(Cleaner.class);

    private final StateMachine machine;
    private final long intervalMs;
    private final Set<String> pending = new HashSet<>();
    private long nextRunMs;

    Cleaner(StateMachine machine, long intervalMs, long nowMs) {
        this.machine = machine;
        this.intervalMs = intervalMs;
        this.nextRunMs = nowMs + intervalMs;
    }

    int maybeRun(long nowMs) {
        if (nowMs < nextRunMs) {
            return 0;
        }
        nextRunMs = nowMs + intervalMs;
        int n = submitAll(machine.tree().containerCandidates());
        n += submitAll(machine.tree().expiredTtlNodes(nowMs));
        return n;
    }

    private int submitAll(List<String> paths) {
        int n = 0;
        for (String path : paths) {
            if (pending.add(path)) {
                LOG.debug("Deleting container or expired TTL node {}", path);
                machine.submit(new WriteRequest.DeleteContainer(path), Caller.anonymous(0, 0), InFlight.Kind.CLEANUP,
                        null, 0, null, 0);
                n++;
            }
        }
        return n;
    }

    void onApplied(ApplyResult result) {
        if (result.path() != null) {
            pending.remove(result.path());
        } else {
            pending.clear();
        }
    }
}
