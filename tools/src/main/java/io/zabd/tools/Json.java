package io.zabd.tools;

import java.util.Base64;
import java.util.List;

/**
 * A minimal JSON object writer for the tools' one-object-per-line output: keys in insertion order,
 * strings escaped per RFC 8259, numbers as JSON numbers, zxids and ids as {@code "0x..."} strings
 * (so 64-bit values survive parsers that use doubles).
 */
final class Json {
    private final StringBuilder out = new StringBuilder("{");
    private boolean first = true;

    static Json object() {
        return new Json();
    }

    Json put(String key, String value) {
        key(key);
        if (value == null) {
            out.append("null");
        } else {
            quote(out, value);
        }
        return this;
    }

    Json put(String key, long value) {
        key(key);
        out.append(value);
        return this;
    }

    Json put(String key, double value) {
        key(key);
        out.append(Double.isFinite(value) ? String.format(java.util.Locale.ROOT, "%.1f", value) : "null");
        return this;
    }

    Json put(String key, boolean value) {
        key(key);
        out.append(value);
        return this;
    }

    /** A 64-bit id or zxid as a {@code "0x..."} string. */
    Json hex(String key, long value) {
        return put(key, "0x" + Long.toHexString(value));
    }

    /** Bytes as base64, or null. */
    Json base64(String key, byte[] value) {
        return put(key, value == null ? null : Base64.getEncoder().encodeToString(value));
    }

    Json strings(String key, List<String> values) {
        key(key);
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            quote(out, values.get(i));
        }
        out.append(']');
        return this;
    }

    /** Embeds already-rendered JSON (an object or array). */
    Json raw(String key, String json) {
        key(key);
        out.append(json);
        return this;
    }

    private void key(String key) {
        if (!first) {
            out.append(',');
        }
        first = false;
        quote(out, key);
        out.append(':');
    }

    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    @Override
    public String toString() {
        return out + "}";
    }
}
