package io.zabd.engine.tree.prep;

import java.util.Set;

/**
 * Prep settings, from zoo.cfg / ZooKeeper system properties.
 *
 * @param extendedTypesEnabled {@code zookeeper.extendedTypesEnabled} (TTL nodes); default false
 * @param enforceQuota {@code zookeeper.enforceQuota}: hard quota limits fail writes with
 *     QUOTAEXCEEDED; default false (breaches are only logged)
 * @param checkSessions reject requests of sessions that are not open (SESSIONEXPIRED), as
 *     ZooKeeper's session tracker does in prep
 * @param extraAuthSchemes schemes of other registered auth providers (e.g. sasl, x509): ids valid
 *     as given, matched by equality, and expanded by the "auth" scheme; ip and digest are built in
 */
public record PrepConfig(boolean extendedTypesEnabled, boolean enforceQuota, boolean checkSessions,
        Set<String> extraAuthSchemes) {
    public PrepConfig {
        extraAuthSchemes = Set.copyOf(extraAuthSchemes);
    }

    public static PrepConfig defaults() {
        return new PrepConfig(false, false, true, Set.of());
    }
}
