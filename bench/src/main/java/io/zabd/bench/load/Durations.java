package io.zabd.bench.load;

import java.util.Locale;

/** Parses the durations of the command line: {@code 500ms}, {@code 10s}, {@code 2m}; a bare number is seconds. */
final class Durations {
    private Durations() {}

    static long parseNanos(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unitNs;
        String number;
        if (t.endsWith("ms")) {
            unitNs = 1_000_000L;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            unitNs = 1_000_000_000L;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unitNs = 60_000_000_000L;
            number = t.substring(0, t.length() - 1);
        } else {
            unitNs = 1_000_000_000L;
            number = t;
        }
        try {
            double value = Double.parseDouble(number.trim());
            if (value < 0 || Double.isNaN(value) || value * unitNs > Long.MAX_VALUE / 2.0) {
                throw new IllegalArgumentException("duration out of range: '" + text + "'");
            }
            return Math.round(value * unitNs);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 500ms, 10s, 2m)", e);
        }
    }
}
