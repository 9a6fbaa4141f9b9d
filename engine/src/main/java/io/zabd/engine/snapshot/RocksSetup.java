package io.zabd.engine.snapshot;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
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

    /**
     * Paranoid checks on; all table files opened (and their footers and index blocks checked) at
     * open; a torn final WAL record (a write that never returned) tolerated, any other WAL damage an
     * error.
     */
    static DBOptions dbOptions(boolean create) {
        return new DBOptions()
                .setCreateIfMissing(create)
                .setCreateMissingColumnFamilies(create)
                .setParanoidChecks(true)
                .setMaxOpenFiles(-1)
                .setWalRecoveryMode(WALRecoveryMode.TolerateCorruptedTailRecords)
                .setMaxBackgroundJobs(BACKGROUND_JOBS)
                .setKeepLogFileNum(INFO_LOG_FILES_KEPT)
                .setMaxLogFileSize(INFO_LOG_FILE_BYTES_MAX)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL);
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
