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

    public static Stream<Named<TargetFactory>> all() {
        return Stream.of(Named.of("zookeeper-3.9.5", ZooKeeperTarget::start), Named.of("zabd", ZabdTarget::start));
    }
}
