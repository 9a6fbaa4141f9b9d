package io.zabd.tools.zk;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A ZooKeeper data file that cannot be read as ZooKeeper wrote it: bad magic, a checksum (seal or
 * CRC) that does not match, a truncated body, a length over a limit. The message always names the
 * file and the byte offset (in the uncompressed stream for compressed snapshots) where it went wrong.
 */
public final class ZkFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    public ZkFormatException(Path file, long offset, String problem) {
        super(file + " at offset " + offset + ": " + problem);
        this.file = file;
        this.offset = offset;
    }

    public ZkFormatException(Path file, long offset, String problem, Throwable cause) {
        super(file + " at offset " + offset + ": " + problem, cause);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
