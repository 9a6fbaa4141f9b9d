package io.zabd.server.zab.sim;

import io.zabd.engine.util.Invariants;
import io.zabd.server.zab.EpochWrite;
import io.zabd.server.zab.LogEntry;
import io.zabd.server.zab.LogOp;
import io.zabd.server.zab.LogView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A peer's simulated disk: the log (a base snapshot and entries) and the two epoch files, each with
 * a durable image and a current (volatile) view. Operations change the view at once and become
 * durable at the next simulated fsync. A crash keeps the durable image plus a random prefix of the
 * operations not yet synced (what the OS happened to write back); the first operation after that
 * prefix may be torn, and recovery discards it as a real log recovery cuts a torn tail.
 */
final class SimDisk implements LogView {
    private record Pending(LogOp op, SmState snapshot) {}

    /** The log as of one point: a base state and the entries after it. */
    private static final class Image {
        SmState base = SmState.EMPTY;
        final ArrayList<LogEntry> entries = new ArrayList<>();

        Image copy() {
            Image i = new Image();
            i.base = base;
            i.entries.addAll(entries);
            return i;
        }

        long last() {
            return entries.isEmpty() ? base.zxid() : entries.get(entries.size() - 1).zxid();
        }

        void apply(LogOp op, SmState snapshot) {
            if (op instanceof LogOp.Append a) {
                Invariants.check(a.zxid() > last(), "sim disk: append %x after %x", a.zxid(), last());
                entries.add(new LogEntry(a.zxid(), a.txn()));
            } else if (op instanceof LogOp.Truncate t) {
                Invariants.check(t.zxid() >= base.zxid(), "sim disk: truncate %x below base %x", t.zxid(), base.zxid());
                while (!entries.isEmpty() && entries.get(entries.size() - 1).zxid() > t.zxid()) {
                    entries.remove(entries.size() - 1);
                }
            } else {
                LogOp.InstallSnapshot s = (LogOp.InstallSnapshot) op;
                Invariants.check(snapshot != null && snapshot.zxid() == s.zxid(), "sim disk: snapshot missing");
                base = snapshot;
                entries.clear();
                entries.addAll(s.entries());
            }
        }

        /** Index of the entry with this zxid, or -(insertion point) - 1. */
        int search(long zxid) {
            int lo = 0;
            int hi = entries.size() - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                long z = entries.get(mid).zxid();
                if (z < zxid) {
                    lo = mid + 1;
                } else if (z > zxid) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return -(lo + 1);
        }
    }

    private Image durable = new Image();
    private Image view = new Image();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long durableAccepted;
    private long durableAcceptedLeader = -1;
    private long durableCurrent;
    private final ArrayDeque<EpochWrite> pendingEpochs = new ArrayDeque<>();
    long tornTails;

    // ---- log writer side

    void issue(LogOp op, SmState snapshot) {
        view.apply(op, snapshot);
        pending.addLast(new Pending(op, snapshot));
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    long lastPendingSeq() {
        return pending.isEmpty() ? -1 : pending.peekLast().op().seq();
    }

    /** fsync done for every operation up to {@code seq}. */
    void syncThrough(long seq) {
        while (!pending.isEmpty() && pending.peekFirst().op().seq() <= seq) {
            Pending p = pending.pollFirst();
            durable.apply(p.op(), p.snapshot());
        }
    }

    void queueEpoch(EpochWrite w) {
        pendingEpochs.addLast(w);
    }

    EpochWrite firstPendingEpoch() {
        return pendingEpochs.peekFirst();
    }

    void epochDurable() {
        EpochWrite w = pendingEpochs.pollFirst();
        if (w.kind() == EpochWrite.Kind.ACCEPTED) {
            durableAccepted = w.epoch();
            durableAcceptedLeader = w.leaderId();
        } else {
            durableCurrent = w.epoch();
        }
    }

    long durableAccepted() {
        return durableAccepted;
    }

    long durableAcceptedLeader() {
        return durableAcceptedLeader;
    }

    long durableCurrent() {
        return durableCurrent;
    }

    /** Snapshot the applied state and drop the log up to it (only with nothing pending). */
    boolean purge(SmState applied) {
        if (!pending.isEmpty() || applied.zxid() <= view.base.zxid() || applied.zxid() > view.last()) {
            return false;
        }
        for (Image i : new Image[] {durable, view}) {
            i.base = applied;
            while (!i.entries.isEmpty() && i.entries.get(0).zxid() <= applied.zxid()) {
                i.entries.remove(0);
            }
        }
        return true;
    }

    /** Power loss: keep the durable image plus a random prefix of what was not synced. */
    void crash(SplittableRandom random) {
        int keep = pending.isEmpty() ? 0 : random.nextInt(pending.size() + 1);
        for (int i = 0; i < keep; i++) {
            Pending p = pending.pollFirst();
            durable.apply(p.op(), p.snapshot());
        }
        if (!pending.isEmpty()) {
            tornTails++; // the next record may be half written: recovery cuts it off
        }
        pending.clear();
        int keepEpochs = pendingEpochs.isEmpty() ? 0 : random.nextInt(pendingEpochs.size() + 1);
        for (int i = 0; i < keepEpochs; i++) {
            epochDurable();
        }
        pendingEpochs.clear();
        view = durable.copy();
    }

    SmState baseState() {
        return view.base;
    }

    /** The entries after {@code afterZxid} up to and including {@code toZxid}. */
    List<LogEntry> range(long afterZxid, long toZxid) {
        List<LogEntry> out = new ArrayList<>();
        int i = view.search(afterZxid);
        int from = i >= 0 ? i + 1 : -(i + 1);
        for (int k = from; k < view.entries.size() && view.entries.get(k).zxid() <= toZxid; k++) {
            out.add(view.entries.get(k));
        }
        return out;
    }

    // ---- LogView

    @Override
    public long lastZxid() {
        return view.last();
    }

    @Override
    public long baseZxid() {
        return view.base.zxid();
    }

    @Override
    public boolean contains(long zxid) {
        return zxid == view.base.zxid() || view.search(zxid) >= 0;
    }

    @Override
    public long floorZxid(long zxid) {
        if (zxid < view.base.zxid()) {
            return -1;
        }
        int i = view.search(zxid);
        if (i >= 0) {
            return zxid;
        }
        int ins = -(i + 1);
        return ins == 0 ? view.base.zxid() : view.entries.get(ins - 1).zxid();
    }

    @Override
    public List<LogEntry> readAfter(long afterZxid, int maxEntries) {
        List<LogEntry> out = new ArrayList<>();
        int i = view.search(afterZxid);
        int from = i >= 0 ? i + 1 : -(i + 1);
        for (int k = from; k < view.entries.size() && out.size() < maxEntries; k++) {
            out.add(view.entries.get(k));
        }
        return out;
    }
}
