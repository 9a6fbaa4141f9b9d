package io.zabd.engine.snapshot;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Env;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Priority;
import org.rocksdb.RateLimiter;
import org.rocksdb.RocksDB;
import org.rocksdb.WALRecoveryMode;

/**
 * The RocksDB options of the snapshot store, in one place. The caller owns (and closes) every
 * options object returned here.
 */
final class RocksSetup {
    static final String CF_NODES = "nodes";
    static final String CF_ACLS = "acls";
    static final String CF_SESSIONS = "sessions";
    static final String CF_META = "meta";

    /** Index of each column family in the handle list returned by {@link #descriptors}. */
    static final int DEFAULT = 0;
    static final int NODES = 1;
    static final int ACLS = 2;
    static final int SESSIONS = 3;
    static final int META = 4;

    /** RocksDB's LOG files kept in the store directory, and their size bound. */
    static final int INFO_LOG_FILES_KEPT = 3;
    static final long INFO_LOG_FILE_BYTES_MAX = 8L << 20;
    static final int BACKGROUND_JOBS = 2;
    static final long NODES_BLOCK_BYTES = 16 << 10;

    private static final class Native {
        static {
            RocksDB.loadLibrary();
        }

        static void ensureLoaded() {
            // loading happens once, in the class initializer above
        }
    }

    private RocksSetup() {}

    static void loadLibrary() {
        Native.ensureLoaded();
    }

    /** RocksDB's rate limiter refill period and fairness (its defaults, named here). */
    static final long RATE_LIMITER_REFILL_MICROS = 100_000;
    static final int RATE_LIMITER_FAIRNESS = 10;

    /**
     * Paranoid checks on; all table files opened (and their footers and index blocks checked) at
     * open; a torn final WAL record (a write that never returned) tolerated, any other WAL damage an
     * error. Atomic flush: the column families' memtables are flushed and committed to the MANIFEST
     * together, so a snapshot written without the WAL is durable all at once or not at all.
     * {@code bytes_per_sync} / {@code wal_bytes_per_sync} from the config; {@code rateLimiter}
     * (null: none) bounds flush and compaction writes.
     */
    static DBOptions dbOptions(boolean create, SnapshotStoreConfig config, RateLimiter rateLimiter) {
        DBOptions options = new DBOptions()
                .setCreateIfMissing(create)
                .setCreateMissingColumnFamilies(create)
                .setParanoidChecks(true)
                .setMaxOpenFiles(-1)
                .setWalRecoveryMode(WALRecoveryMode.TolerateCorruptedTailRecords)
                .setMaxBackgroundJobs(BACKGROUND_JOBS)
                .setKeepLogFileNum(INFO_LOG_FILES_KEPT)
                .setMaxLogFileSize(INFO_LOG_FILE_BYTES_MAX)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setAtomicFlush(true)
                .setBytesPerSync(config.bytesPerSync())
                .setWalBytesPerSync(config.bytesPerSync());
        if (rateLimiter != null) {
            options.setRateLimiter(rateLimiter);
        }
        return options;
    }

    /**
     * Lowers the CPU priority of RocksDB's flush (HIGH) and compaction (LOW) thread pools if the
     * config asks for it. The pools belong to RocksDB's default Env, shared by the whole process;
     * lowering is idempotent and is never undone.
     */
    static void applyThreadPriority(SnapshotStoreConfig config) {
        if (config.lowPriorityBackgroundThreads()) {
            Env env = Env.getDefault();
            env.lowerThreadPoolCPUPriority(Priority.HIGH);
            env.lowerThreadPoolCPUPriority(Priority.LOW);
        }
    }

    /** The rate limiter of {@code config.writeBytesPerSecond()}, or null for no bound. */
    static RateLimiter rateLimiter(SnapshotStoreConfig config) {
        if (config.writeBytesPerSecond() == 0) {
            return null;
        }
        return new RateLimiter(config.writeBytesPerSecond(), RATE_LIMITER_REFILL_MICROS, RATE_LIMITER_FAIRNESS);
    }

    static ColumnFamilyOptions columnFamilyOptions() {
        BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockSize(NODES_BLOCK_BYTES);
        return new ColumnFamilyOptions()
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setTableFormatConfig(table);
    }

    static List<ColumnFamilyDescriptor> descriptors(ColumnFamilyOptions cf) {
        return List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cf),
                new ColumnFamilyDescriptor(CF_NODES.getBytes(StandardCharsets.US_ASCII), cf),
                new ColumnFamilyDescriptor(CF_ACLS.getBytes(StandardCharsets.US_ASCII), cf),
                new ColumnFamilyDescriptor(CF_SESSIONS.getBytes(StandardCharsets.US_ASCII), cf),
                new ColumnFamilyDescriptor(CF_META.getBytes(StandardCharsets.US_ASCII), cf));
    }
}
