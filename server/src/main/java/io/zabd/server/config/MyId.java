package io.zabd.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;

/** Reads {@code dataDir/myid}: the ASCII id of this server, which must be one of the server.N ids. */
final class MyId {
    static final String FILE_NAME = "myid";
    private static final int MAX_BYTES = 64;

    private MyId() {}

    static long read(Path dataDir, Set<Long> serverIds) throws ConfigException {
        Path file = dataDir.resolve(FILE_NAME);
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException("myid file " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            throw new ConfigException("myid file is missing: " + file + " (required with server.N entries)", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read myid file " + file + ": " + e.getMessage(), e);
        }
        long id;
        try {
            id = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ConfigException("invalid value in myid file " + file + ": '" + text + "' (expected a server id)", e);
        }
        if (!serverIds.contains(id)) {
            throw new ConfigException("myid " + id + " (from " + file + ") has no server." + id + " entry");
        }
        return id;
    }
}
