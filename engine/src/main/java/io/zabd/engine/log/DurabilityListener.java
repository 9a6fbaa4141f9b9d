package io.zabd.engine.log;

import java.io.IOException;

/**
 * Told by the group-commit writer thread what became durable. Called on the writer thread: keep it
 * short and never block (hand the zxid to another agent's queue).
 */
public interface DurabilityListener {
    /** Every record with zxid at most {@code zxid} is durable. Zxids passed here strictly increase. */
    void onDurable(long zxid);

    /**
     * The writer stopped: nothing offered after the last {@link #onDurable} is known to be durable and
     * the log accepts no more offers. An I/O error is passed as it is; a broken invariant (a bug such
     * as a zxid out of order) arrives wrapped in an IOException.
     */
    void onFailure(IOException cause);
}
