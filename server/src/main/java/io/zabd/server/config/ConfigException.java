package io.zabd.server.config;

/** A zoo.cfg (or myid) problem that stops start-up; the message names the key and the value. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
