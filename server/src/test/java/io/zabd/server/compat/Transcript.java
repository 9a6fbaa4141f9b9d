package io.zabd.server.compat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

/**
 * A normalized record of what a target answered, so the same script run against ZooKeeper and zabd
 * can be compared line by line: zxids are kept (both log the same txns in the same order), times
 * become "ctime==mtime" flags, session ids become their connection's name, errors their code name.
 */
final class Transcript {
    private static final long SYNC_DEADLINE_MS = 10_000;

    private final List<String> lines = new ArrayList<>();
    private final Map<Long, String> sessionNames = new HashMap<>();

    /** Names a client's session so ephemeral owners compare across targets. */
    void nameSession(ZooKeeper zk, String name) {
        sessionNames.put(zk.getSessionId(), name);
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    void add(String line) {
        synchronized (lines) {
            lines.add(line);
        }
    }

    /** A step that returns a value or throws a KeeperException; both are recorded. */
    @FunctionalInterface
    interface Step {
        Object run() throws Exception;
    }

    void step(String what, Step step) throws Exception {
        String outcome;
        try {
            outcome = describe(step.run());
        } catch (KeeperException e) {
            outcome = "error " + e.code() + (e.getResults() == null ? "" : " " + describe(e.getResults()));
        } catch (IllegalArgumentException e) {
            outcome = "client refused: " + e.getClass().getSimpleName();
        }
        add(what + " -> " + outcome);
    }

    /** A watcher that records events as transcript lines, tagged. */
    Watcher watcher(String tag) {
        return event -> {
            if (event.getType() != Watcher.Event.EventType.None) {
                add("event[" + tag + "] " + event.getType() + " " + event.getPath());
            }
        };
    }

    /**
     * Waits until every event the server sent before now has been delivered: the callback of an
     * async sync runs on the client's event thread after them.
     */
    void settle(ZooKeeper zk) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        zk.sync("/", (rc, path, ctx) -> done.countDown(), null);
        if (!done.await(SYNC_DEADLINE_MS, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("sync not answered within " + SYNC_DEADLINE_MS + " ms");
        }
    }

    String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Stat s) {
            return stat(s);
        }
        if (value instanceof byte[] b) {
            return "data[" + new String(b, java.nio.charset.StandardCharsets.UTF_8) + "]";
        }
        if (value instanceof OpResult r) {
            return opResult(r);
        }
        if (value instanceof ACL a) {
            return a.getPerms() + ":" + a.getId().getScheme() + ":" + a.getId().getId();
        }
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            for (Object o : list) {
                parts.add(describe(o));
            }
            return parts.toString();
        }
        if (value instanceof Object[] array) {
            return describe(List.of(array));
        }
        if (value instanceof org.apache.zookeeper.data.ClientInfo c) {
            return c.getAuthScheme() + ":" + c.getUser();
        }
        return value.toString();
    }

    private String opResult(OpResult r) {
        if (r instanceof OpResult.CreateResult c) {
            return "create " + c.getPath() + (c.getStat() == null ? "" : " " + stat(c.getStat()));
        } else if (r instanceof OpResult.SetDataResult s) {
            return "setData " + stat(s.getStat());
        } else if (r instanceof OpResult.ErrorResult e) {
            return "error " + KeeperException.Code.get(e.getErr());
        } else if (r instanceof OpResult.GetDataResult g) {
            return "getData " + describe(g.getData()) + " " + stat(g.getStat());
        } else if (r instanceof OpResult.GetChildrenResult g) {
            List<String> sorted = new ArrayList<>(g.getChildren());
            java.util.Collections.sort(sorted);
            return "getChildren " + sorted;
        }
        return r.getClass().getSimpleName();
    }

    String stat(Stat s) {
        long owner = s.getEphemeralOwner();
        String ownerName = owner == 0 ? "0" : sessionNames.getOrDefault(owner, "session?");
        return "Stat{czxid=" + s.getCzxid() + " mzxid=" + s.getMzxid() + " pzxid=" + s.getPzxid()
                + " ctime==mtime=" + (s.getCtime() == s.getMtime()) + " timeSet=" + (s.getCtime() > 0)
                + " v=" + s.getVersion() + " cv=" + s.getCversion() + " av=" + s.getAversion()
                + " owner=" + ownerName + " len=" + s.getDataLength() + " kids=" + s.getNumChildren() + "}";
    }

    /** Children sorted: ZooKeeper answers in hash-set order, zabd sorted (a documented difference). */
    static List<String> sorted(List<String> children) {
        List<String> out = new ArrayList<>(children);
        java.util.Collections.sort(out);
        return out;
    }

    /** Records an event type for watches that the official client reports to a watcher. */
    static String event(WatchedEvent e) {
        return e.getType() + " " + e.getPath();
    }
}
