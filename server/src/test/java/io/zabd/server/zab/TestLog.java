package io.zabd.server.zab;

import java.util.ArrayList;
import java.util.List;

/** A plain in-memory {@link LogView} for scripted tests; executes {@link LogOp}s directly. */
final class TestLog implements LogView {
    long base;
    final List<LogEntry> entries = new ArrayList<>();

    static TestLog of(long... zxids) {
        TestLog log = new TestLog();
        for (long z : zxids) {
            log.entries.add(new LogEntry(z, new byte[] {(byte) z}));
        }
        return log;
    }

    void execute(LogOp op) {
        if (op instanceof LogOp.Append a) {
            entries.add(new LogEntry(a.zxid(), a.txn()));
        } else if (op instanceof LogOp.Truncate t) {
            entries.removeIf(e -> e.zxid() > t.zxid());
        } else {
            LogOp.InstallSnapshot s = (LogOp.InstallSnapshot) op;
            base = s.zxid();
            entries.clear();
            entries.addAll(s.entries());
        }
    }

    List<Long> zxids() {
        List<Long> out = new ArrayList<>();
        for (LogEntry e : entries) {
            out.add(e.zxid());
        }
        return out;
    }

    @Override
    public long lastZxid() {
        return entries.isEmpty() ? base : entries.get(entries.size() - 1).zxid();
    }

    @Override
    public long baseZxid() {
        return base;
    }

    @Override
    public boolean contains(long zxid) {
        return zxid == base || entries.stream().anyMatch(e -> e.zxid() == zxid);
    }

    @Override
    public long floorZxid(long zxid) {
        if (zxid < base) {
            return -1;
        }
        long best = base;
        for (LogEntry e : entries) {
            if (e.zxid() <= zxid) {
                best = e.zxid();
            }
        }
        return best;
    }

    @Override
    public List<LogEntry> readAfter(long afterZxid, int maxEntries) {
        List<LogEntry> out = new ArrayList<>();
        for (LogEntry e : entries) {
            if (e.zxid() > afterZxid && out.size() < maxEntries) {
                out.add(e);
            }
        }
        return out;
    }
}
