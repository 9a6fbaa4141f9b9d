package io.zabd.tools;

import io.zabd.engine.log.LogConfig;
import io.zabd.engine.log.LogScan;
import io.zabd.engine.log.TxnLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The log directory argument shared by the {@code log} commands, and the read-only scan of it. */
final class LogDirs {
    /** The subdirectory of a dataLogDir that holds the segments (EngineConfig.txnLogDir). */
    static final String TXNLOG = "txnlog";

    @Parameters(index = "0", paramLabel = "LOG_DIR",
            description = "zabd transaction log directory (the segments' directory, or a dataLogDir holding txnlog/)")
    Path dir;

    @Option(names = "--record-bytes-max", paramLabel = "BYTES",
            description = "largest record payload accepted (the server's txnBytesMax; default ${DEFAULT-VALUE})")
    int recordBytesMax = LogConfig.RECORD_PAYLOAD_BYTES_MAX_DEFAULT;

    /** The directory holding the {@code log.<zxid>} segments. */
    Path segments() {
        return segmentsOf(dir);
    }

    static Path segmentsOf(Path dir) {
        Path sub = dir.resolve(TXNLOG);
        return Files.isDirectory(sub) ? sub : dir;
    }

    /** Scans without modifying anything ({@link TxnLog#verify}); refuses a directory that does not exist. */
    LogScan scan() throws IOException {
        Path segments = segments();
        if (!Files.isDirectory(segments)) {
            throw new ToolException("no such log directory: " + segments);
        }
        return TxnLog.verify(segments, recordBytesMax);
    }
}
