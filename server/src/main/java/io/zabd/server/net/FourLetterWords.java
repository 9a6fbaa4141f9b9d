package io.zabd.server.net;

import io.zabd.server.config.FourLetterWhitelist;
import java.nio.charset.StandardCharsets;

/**
 * Recognises a four-letter word: a connection whose first 4 bytes, read as a big-endian frame length,
 * spell one of ZooKeeper's commands (e.g. "ruok" = 0x72756f6b) is a 4lw request, not a session.
 */
public final class FourLetterWords {
    private FourLetterWords() {}

    public static int code(String word) {
        byte[] b = word.getBytes(StandardCharsets.US_ASCII);
        if (b.length != 4) {
            throw new IllegalArgumentException("not a four-letter word: " + word);
        }
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /** The command a length prefix spells, or null when it is not a known four-letter word. */
    public static String wordFor(int lengthPrefix) {
        byte[] b = {(byte) (lengthPrefix >>> 24), (byte) (lengthPrefix >>> 16), (byte) (lengthPrefix >>> 8), (byte) lengthPrefix};
        String word = new String(b, StandardCharsets.ISO_8859_1);
        return FourLetterWhitelist.KNOWN.contains(word) ? word : null;
    }

    /** ZooKeeper's reply to a known command that is not whitelisted. */
    public static String notWhitelistedReply(String command) {
        return command + " is not executed because it is not in the whitelist.\n";
    }

    /** zabd's reply to a whitelisted command it does not implement yet. */
    public static String notImplementedReply(String command) {
        return command + " is not executed because it is not implemented by this server.\n";
    }
}
