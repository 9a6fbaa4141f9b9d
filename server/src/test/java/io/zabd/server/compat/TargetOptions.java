package io.zabd.server.compat;

/**
 * What a compatibility test needs enabled on the target beyond the defaults.
 *
 * @param extendedTypesEnabled     TTL nodes (zoo.cfg extendedTypesEnabled)
 * @param allFourLetterWords       4lw.commands.whitelist=*
 * @param containerCheckIntervalMs znode.container.checkIntervalMs (zabd only; the in-process
 *                                 ZooKeeper target runs no ContainerManager)
 */
public record TargetOptions(boolean extendedTypesEnabled, boolean allFourLetterWords, long containerCheckIntervalMs) {
    public static final long CONTAINER_CHECK_INTERVAL_MS_DEFAULT = 60_000;
    public static final TargetOptions DEFAULTS = new TargetOptions(false, false, CONTAINER_CHECK_INTERVAL_MS_DEFAULT);

    public TargetOptions(boolean extendedTypesEnabled, boolean allFourLetterWords) {
        this(extendedTypesEnabled, allFourLetterWords, CONTAINER_CHECK_INTERVAL_MS_DEFAULT);
    }

    public TargetOptions withContainerCheckIntervalMs(long value) {
        return new TargetOptions(extendedTypesEnabled, allFourLetterWords, value);
    }
}
