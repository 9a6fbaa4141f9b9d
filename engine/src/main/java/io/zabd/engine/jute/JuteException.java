package io.zabd.engine.jute;

/** Malformed jute input: truncated, a bad length or count, or trailing bytes. */
public final class JuteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JuteException(String message) {
        super(message);
    }
}
