package io.zabd.engine.util;

/**
 * Always-on invariant checks. Java {@code assert} is off by default, so storage and consensus code
 * states what must hold with these instead. A failed invariant is a bug or corruption, never an
 * operating error: it throws {@link InvariantViolation} and the caller is expected to stop.
 */
public final class Invariants {
    private Invariants() {}

    public static void check(boolean condition, String what) {
        if (!condition) {
            throw new InvariantViolation(what);
        }
    }

    public static void check(boolean condition, String format, long a) {
        if (!condition) {
            throw new InvariantViolation(String.format(format, a));
        }
    }

    public static void check(boolean condition, String format, long a, long b) {
        if (!condition) {
            throw new InvariantViolation(String.format(format, a, b));
        }
    }

    public static void check(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new InvariantViolation(String.format(format, args));
        }
    }

    /** A broken invariant: the process must not go on as if nothing happened. */
    public static final class InvariantViolation extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public InvariantViolation(String message) {
            super("invariant violated: " + message);
        }
    }
}
