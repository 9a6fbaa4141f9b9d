package io.zabd.tools;

import io.zabd.engine.EngineWorkload;
import io.zabd.engine.log.LogConfig;
import io.zabd.engine.log.LogCursor;
import io.zabd.engine.log.LogScan;
import io.zabd.engine.log.TxnLog;
import io.zabd.engine.txn.Txn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A zabd txn log written by the engine's {@link TxnLog} in small segments, and the places of its records. */
final class LogCorpus {
    static final long SEGMENT_BYTES = 64 * 1024;
    static final int RECORD_BYTES_MAX = 16 * 1024;

    /** Where one record lies. */
    record Place(Path segment, int offset, int payloadLength, long zxid) {
        int end() {
            return offset + 16 + payloadLength;
        }
    }

    private LogCorpus() {}

    static LogConfig config(Path segments) {
        return LogConfig.defaults(segments).withRecordPayloadBytesMax(RECORD_BYTES_MAX).withSegmentSizeBytes(SEGMENT_BYTES);
    }

    /** Writes {@code count} workload txns into {@code dataLogDir/txnlog}; returns the dataLogDir. */
    static Path write(Path dataLogDir, long seed, int count) throws IOException {
        EngineWorkload w = new EngineWorkload(seed);
        try (TxnLog log = TxnLog.open(config(dataLogDir.resolve("txnlog")))) {
            for (int i = 0; i < count; i++) {
                Txn txn = w.next();
                log.append(txn);
                if (i % 50 == 49) {
                    log.force();
                }
            }
        }
        return dataLogDir;
    }

    static List<Place> places(Path segments) throws IOException {
        List<Place> out = new ArrayList<>();
        LogScan scan = TxnLog.verify(segments, RECORD_BYTES_MAX);
        try (LogCursor c = scan.readFrom(0, RECORD_BYTES_MAX)) {
            while (c.next()) {
                out.add(new Place(c.segmentPath(), c.recordOffset(), c.payloadLength(), c.zxid()));
            }
        }
        return out;
    }

    static List<Path> segments(Path segments) throws IOException {
        try (Stream<Path> s = Files.list(segments)) {
            return s.filter(p -> p.getFileName().toString().matches("log\\.[0-9a-f]{16}")).sorted().toList();
        }
    }

    /** Copies a directory tree (the corpus, before damaging the copy). */
    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    static void flip(Path file, long offset) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[(int) offset] ^= 0x04;
        Files.write(file, b);
    }

    /** Fingerprint of every file under a directory: name, size and content hash. */
    static List<String> fingerprint(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                if (Files.isRegularFile(p)) {
                    out.add(dir.relativize(p) + ":" + Files.size(p) + ":" + java.util.Arrays.hashCode(Files.readAllBytes(p)));
                }
            }
        }
        return out;
    }
}
