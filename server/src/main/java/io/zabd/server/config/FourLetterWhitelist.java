package io.zabd.server.config;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The four-letter words a server answers ({@code 4lw.commands.whitelist}): a comma-separated list,
 * or {@code *} for all. As in ZooKeeper, {@code srvr} is always allowed (zkServer.sh depends on it)
 * and the default allows only {@code srvr}.
 */
public final class FourLetterWhitelist {
    /** Every four-letter word ZooKeeper 3.9 knows. */
    public static final List<String> KNOWN = List.of("conf", "cons", "crst", "dirs", "dump", "envi", "gtmk", "ruok",
            "stmk", "srst", "srvr", "stat", "wchc", "wchp", "wchs", "mntr", "isro", "hash");

    private final boolean all;
    private final Set<String> allowed;

    private FourLetterWhitelist(boolean all, Set<String> allowed) {
        this.all = all;
        this.allowed = Collections.unmodifiableSet(allowed);
    }

    public static FourLetterWhitelist defaults() {
        return new FourLetterWhitelist(false, Set.of("srvr"));
    }

    /**
     * Parses the property value. Words are trimmed and lower-cased; unknown words are returned in
     * {@code unknownOut} for the caller to warn about.
     */
    public static FourLetterWhitelist parse(String value, List<String> unknownOut) {
        Set<String> words = new LinkedHashSet<>();
        words.add("srvr");
        boolean all = false;
        for (String raw : value.split(",")) {
            String word = raw.trim().toLowerCase(java.util.Locale.ROOT);
            if (word.isEmpty()) {
                continue;
            }
            if (word.equals("*")) {
                all = true;
            } else if (KNOWN.contains(word)) {
                words.add(word);
            } else {
                unknownOut.add(word);
            }
        }
        return new FourLetterWhitelist(all, words);
    }

    public boolean allows(String command) {
        return all ? KNOWN.contains(command) : allowed.contains(command);
    }

    public boolean allowsAll() {
        return all;
    }

    @Override
    public String toString() {
        return all ? "*" : String.join(",", allowed);
    }
}
