package io.zabd.server.admin.audit;

import io.zabd.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.Optional;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;

/**
 * Where and how the audit stream is written, validated on construction.
 *
 * @param directory      the Chronicle Queue directory (one file per day)
 * @param queueCapacity  events waiting for the appender thread; more are dropped and counted (a power of two)
 * @param retentionDays  days of files kept: today's and the {@code retentionDays - 1} before; older files are deleted
 * @param clock          the time the queue rolls by (tests set it)
 */
public record AuditConfig(Path directory, int queueCapacity, int retentionDays, TimeProvider clock) {
    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
    public static final int DEFAULT_RETENTION_DAYS = 7;
    public static final int RETENTION_DAYS_MAX = 3_650;
    /** The directory under dataDir. */
    public static final String DIRECTORY_NAME = "audit";

    public AuditConfig {
        if (directory == null) {
            throw new IllegalArgumentException("audit directory is required");
        }
        if (queueCapacity < 2 || Integer.bitCount(queueCapacity) != 1) {
            throw new IllegalArgumentException("audit queueCapacity must be a power of two >= 2: " + queueCapacity);
        }
        if (retentionDays < 1 || retentionDays > RETENTION_DAYS_MAX) {
            throw new IllegalArgumentException("audit retentionDays must be 1.." + RETENTION_DAYS_MAX + ": "
                    + retentionDays);
        }
    }

    public AuditConfig(Path directory) {
        this(directory, DEFAULT_QUEUE_CAPACITY, DEFAULT_RETENTION_DAYS, SystemTimeProvider.INSTANCE);
    }

    /** {@code dataDir/audit} with the defaults when {@code audit.enable=true}, else empty. */
    public static Optional<AuditConfig> from(ServerConfig config) {
        return config.auditEnabled() ? Optional.of(new AuditConfig(config.dataDir().resolve(DIRECTORY_NAME)))
                : Optional.empty();
    }
}
