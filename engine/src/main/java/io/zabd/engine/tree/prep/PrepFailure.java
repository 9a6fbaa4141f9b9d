package io.zabd.engine.tree.prep;

import io.zabd.engine.tree.KeeperCode;

/** Internal: a request failed validation with a ZooKeeper error code. No stack trace (an expected outcome). */
final class PrepFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final int code;

    PrepFailure(int code, String path) {
        super(KeeperCode.name(code) + (path == null ? "" : " for " + path), null, false, false);
        this.code = code;
    }
}
