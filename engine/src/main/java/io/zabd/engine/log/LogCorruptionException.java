package io.zabd.engine.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The log holds damage that is not a torn tail: a bad record followed by valid ones, a bad segment
 * header, zxids out of order. The log refuses to open (or a cursor refuses to go on); the tools can
 * inspect and repair. The message names the file, the offset and the last good zxid.
 */
public final class LogCorruptionException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;
    private final long lastGoodZxid;

    public LogCorruptionException(Path file, long offset, long lastGoodZxid, String detail) {
        super("transaction log corrupt: " + file + " at offset " + offset + ", last good zxid 0x"
                + Long.toHexString(lastGoodZxid) + ": " + detail);
        this.file = file;
        this.offset = offset;
        this.lastGoodZxid = lastGoodZxid;
    }

    public static LogCorruptionException of(LogProblem problem) {
        return new LogCorruptionException(problem.file(), problem.offset(), problem.lastGoodZxid(), problem.detail());
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }

    public long lastGoodZxid() {
        return lastGoodZxid;
    }
}
