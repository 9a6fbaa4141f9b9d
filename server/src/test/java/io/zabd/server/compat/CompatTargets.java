package io.zabd.server.compat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The targets every compatibility test runs against, as a JUnit {@code @MethodSource}:
 *
 * <pre>
 * &#64;ParameterizedTest(name = "{0}")
 * &#64;MethodSource("io.zabd.server.compat.CompatTargets#all")
 * void something(TargetFactory target, &#64;TempDir Path dir) throws Exception {
 *     try (TargetServer server = target.start(dir, TargetOptions.DEFAULTS)) { ... }
 * }
 * </pre>
 */
public final class CompatTargets {
    private CompatTargets() {}

    /** The standalone targets: Apache ZooKeeper 3.9.5 and zabd, one server each. */
    public static Stream<Named<TargetFactory>> all() {
        return Stream.of(Named.of("zookeeper-3.9.5", ZooKeeperTarget::start), Named.of("zabd", ZabdTarget::start));
    }

    /**
     * The standalone targets plus 3-member ensembles of each system (the official client spread
     * over all members). Used by the client-level test classes (basic ops, sessions, watches,
     * Curator recipes); raw-protocol, fuzz and four-letter-word tests stay on {@link #all()}.
     */
    public static Stream<Named<TargetFactory>> withEnsembles() {
        return Stream.concat(all(), Stream.of(Named.of(ZooKeeperEnsembleTarget.NAME, ZooKeeperEnsembleTarget::start),
                Named.of(ZabdEnsembleTarget.NAME, ZabdEnsembleTarget::start)));
    }
}
