package io.zabd.server.admin.audit;

import java.io.File;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Time-based retention of the daily audit files: keeps the current day and the {@code retentionDays - 1}
 * before it, deletes older {@code <yyyyMMdd>F.cq4} files. Runs on the appender thread.
 */
final class AuditRetention {
    private static final Logger LOG = LoggerFactory.getLogger(AuditRetention.class);
    private static final String SUFFIX = ".cq4";

    private AuditRetention() {}

    static int purge(SingleChronicleQueue queue, int retentionDays) {
        long today = queue.cycle();
        long oldestKept = today - (retentionDays - 1);
        DateTimeFormatter format = DateTimeFormatter.ofPattern(queue.rollCycle().format()).withZone(ZoneOffset.UTC);
        File[] files = queue.file().listFiles((d, name) -> name.endsWith(SUFFIX));
        if (files == null) {
            LOG.warn("Cannot list the audit directory {}", queue.file());
            return 0;
        }
        int deleted = 0;
        for (File f : files) {
            String stem = f.getName().substring(0, f.getName().length() - SUFFIX.length());
            long day;
            try {
                day = LocalDate.parse(stem, format).getLong(ChronoField.EPOCH_DAY);
            } catch (DateTimeParseException e) {
                continue;
            }
            if (day < oldestKept) {
                if (f.delete()) {
                    deleted++;
                    LOG.info("Audit retention: deleted {} (older than {} days)", f, retentionDays);
                } else {
                    LOG.warn("Audit retention: cannot delete {}", f);
                }
            }
        }
        if (deleted > 0) {
            queue.refreshDirectoryListing();
        }
        return deleted;
    }
}
