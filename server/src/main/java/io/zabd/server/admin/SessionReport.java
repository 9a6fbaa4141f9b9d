package io.zabd.server.admin;

import java.util.List;
import java.util.Map;

/**
 * Sessions as {@code dump} prints them.
 *
 * @param expiryBuckets      session ids by the wall-clock time (epoch ms) their tick bucket expires
 * @param ephemeralsBySession the paths of ephemeral znodes per owning session id
 */
public record SessionReport(Map<Long, List<Long>> expiryBuckets, Map<Long, List<String>> ephemeralsBySession) {
    public SessionReport {
        expiryBuckets = Map.copyOf(expiryBuckets);
        ephemeralsBySession = Map.copyOf(ephemeralsBySession);
    }
}
