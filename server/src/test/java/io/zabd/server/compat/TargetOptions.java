package io.zabd.server.compat;

/**
 * What a compatibility test needs enabled on the target beyond the defaults.
 *
 * @param extendedTypesEnabled TTL nodes (zoo.cfg extendedTypesEnabled)
 * @param allFourLetterWords   4lw.commands.whitelist=*
 */
public record TargetOptions(boolean extendedTypesEnabled, boolean allFourLetterWords) {
    public static final TargetOptions DEFAULTS = new TargetOptions(false, false);
}
