package io.zabd.server.config;

import java.nio.file.Path;

/**
 * Entry point of {@code zabd-server.jar}: {@code java -jar zabd-server.jar path/to/zoo.cfg}. For now
 * it validates the configuration; the server itself arrives with the standalone-server issue.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: zabd-server <zoo.cfg>");
            System.exit(2);
        }
        try {
            ServerConfig config = ZooCfgParser.parse(Path.of(args[0]));
            System.err.println("zabd server: configuration valid (client address " + config.clientAddress()
                    + "); the server core is not built yet (see issue 3)");
        } catch (ConfigException e) {
            System.err.println("zabd server: invalid configuration: " + e.getMessage());
        }
        System.exit(2);
    }
}
