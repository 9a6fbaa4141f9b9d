package io.zabd.server.zab.sim;

import io.zabd.engine.txn.Zxid;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The safety properties, checked as the simulation runs:
 * <ul>
 *   <li>at most one established leader per epoch, and learners establish only with it;</li>
 *   <li>the committed sequence never changes: every replica's applied sequence is a prefix of one
 *       global sequence (checked entry by entry, by zxid and running digest, so equal zxids mean
 *       equal state);</li>
 *   <li>each client connection's writes commit in FIFO order;</li>
 *   <li>an acknowledged write stays in the global sequence (it was checked against it when acked,
 *       and the sequence is append-only; the end of a run checks every replica converged on it).</li>
 * </ul>
 */
final class ClusterChecker {
    /** Violation of a safety property: the seed reproduces it. */
    static final class Violation extends AssertionError {
        private static final long serialVersionUID = 1L;

        Violation(String message) {
            super(message);
        }
    }

    private final ArrayList<SmState> history = new ArrayList<>();
    private final Map<Long, Long> leaderByEpoch = new HashMap<>();
    private final Map<String, Long> lastSeqByConnection = new HashMap<>();
    long establishedCount;

    static void fail(String message) {
        throw new Violation(message);
    }

    int committedCount() {
        return history.size();
    }

    SmState last() {
        return history.isEmpty() ? SmState.EMPTY : history.get(history.size() - 1);
    }

    void onLeaderEstablished(long leader, long epoch) {
        Long prev = leaderByEpoch.putIfAbsent(epoch, leader);
        if (prev != null && prev != leader) {
            fail("two established leaders in epoch " + epoch + ": " + prev + " and " + leader);
        }
        establishedCount++;
    }

    void onLearnerEstablished(long learner, long leader, long epoch) {
        Long l = leaderByEpoch.get(epoch);
        if (l == null || l != leader) {
            fail("peer " + learner + " established with leader " + leader + " in epoch " + epoch
                    + " but the epoch's established leader is " + l);
        }
    }

    /** A replica applied {@code txn} at {@code zxid}, reaching {@code after}. */
    void onApply(long node, SmState after, byte[] txn) {
        int index = (int) (after.count() - 1);
        if (index < history.size()) {
            SmState expected = history.get(index);
            if (expected.zxid() != after.zxid() || expected.digest() != after.digest()) {
                fail("peer " + node + " applied " + Zxid.toHex(after.zxid()) + " as committed txn #" + (index + 1)
                        + " but the committed sequence has " + Zxid.toHex(expected.zxid())
                        + (expected.zxid() == after.zxid() ? " with a different state digest" : ""));
            }
        } else if (index == history.size()) {
            if (after.zxid() <= last().zxid()) {
                fail("committed zxids not increasing: " + Zxid.toHex(after.zxid()) + " after " + Zxid.toHex(last().zxid()));
            }
            history.add(after);
            checkFifo(txn, after.zxid());
        } else {
            fail("peer " + node + " applied txn #" + (index + 1) + " but only " + history.size() + " are committed");
        }
    }

    /** A replica installed a snapshot: it must be a state of the committed sequence. */
    void onInstall(long node, SmState state) {
        if (state.count() == 0) {
            return;
        }
        int index = (int) (state.count() - 1);
        if (index >= history.size() || !history.get(index).equals(state)) {
            fail("peer " + node + " installed a snapshot at " + Zxid.toHex(state.zxid()) + " that is not a committed state");
        }
    }

    boolean contains(SmState state) {
        int index = (int) (state.count() - 1);
        return index >= 0 && index < history.size() && history.get(index).equals(state);
    }

    private void checkFifo(byte[] txn, long zxid) {
        ByteBuffer b = ByteBuffer.wrap(txn);
        String connection = b.getLong() + "/" + b.getLong();
        long seq = b.getLong();
        Long prev = lastSeqByConnection.put(connection, seq);
        if (prev != null && prev >= seq) {
            fail("client connection " + connection + ": write " + seq + " committed at " + Zxid.toHex(zxid)
                    + " after write " + prev);
        }
    }
}
