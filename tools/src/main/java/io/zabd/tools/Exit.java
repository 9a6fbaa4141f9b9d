package io.zabd.tools;

/** The tools' exit codes (also listed in every command's help and in src/docs/tools.md). */
final class Exit {
    /** The command ran and found nothing wrong. */
    static final int OK = 0;
    /** The command ran and found a problem: log damage, digest mismatch, differences when asked to fail on them. */
    static final int PROBLEM = 1;
    /** Bad options or arguments. */
    static final int USAGE = 2;
    /** I/O error, unreadable or corrupt input that stops the command, or an operation refused. */
    static final int IO = 3;

    private Exit() {}
}
