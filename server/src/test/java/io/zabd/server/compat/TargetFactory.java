package io.zabd.server.compat;

import java.nio.file.Path;

/** Starts a fresh target on a free loopback port with its data under {@code dataDir}. */
@FunctionalInterface
public interface TargetFactory {
    TargetServer start(Path dataDir, TargetOptions options) throws Exception;
}
