package io.zabd.server.admin;

import java.util.List;
import java.util.Map;

/**
 * Registered watches for {@code wchs}, {@code wchc} and {@code wchp}. As in ZooKeeper these are the
 * data watches (getData and exists, persistent ones included); child watches are not listed.
 *
 * @param pathsBySession watched paths per session id
 */
public record WatchReport(Map<Long, List<String>> pathsBySession) {
    public WatchReport {
        pathsBySession = Map.copyOf(pathsBySession);
    }
}
