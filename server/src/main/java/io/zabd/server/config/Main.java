package io.zabd.server.config;

/** Entry point of {@code zabd-server.jar}. The server itself arrives with the standalone-server issue. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.err.println("zabd server: not built yet (see issue 3)");
        System.exit(2);
    }
}
