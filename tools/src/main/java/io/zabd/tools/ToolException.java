package io.zabd.tools;

/** An operation the tools refuse, or input they cannot use; reported as {@code error: message}, exit 3. */
final class ToolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ToolException(String message) {
        super(message);
    }

    ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
