package io.zabd.bench.load;

/** A system under test could not be started; the comparison reports it as not available. */
public final class SystemStartException extends Exception {
    private static final long serialVersionUID = 1L;

    public SystemStartException(String message) {
        super(message);
    }

    public SystemStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
