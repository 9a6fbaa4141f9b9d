package io.zabd.server.client.watch;

/** ZooKeeper's WatcherMode: one-shot, persistent, persistent recursive (addWatch modes 0 and 1). */
public enum WatchMode {
    STANDARD(1),
    PERSISTENT(2),
    PERSISTENT_RECURSIVE(4);

    final int bit;

    WatchMode(int bit) {
        this.bit = bit;
    }

    /** addWatch's mode: PERSISTENT 0, PERSISTENT_RECURSIVE 1; null for anything else. */
    public static WatchMode fromAddWatchMode(int mode) {
        return mode == 0 ? PERSISTENT : mode == 1 ? PERSISTENT_RECURSIVE : null;
    }
}
