package io.zabd.engine;

/** Storage underneath the engine failed (a snapshot or log write); the server must stop serving writes. */
public final class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
