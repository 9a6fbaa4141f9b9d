package io.zabd.engine.tree;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The text format of quota nodes ({@code zookeeper_limits} and {@code zookeeper_stats}), as
 * ZooKeeper's {@code StatsTrack}: pairs {@code key=value} separated by ',' or ';'. Written as
 * {@code count=C,bytes=B}, followed, if there are other keys, by {@code =} and {@code ;key=value}
 * for each other key in sorted order. A missing key reads as -1; an empty value reads as -1.
 * Deliberate difference: a malformed pair (no '=', non-numeric value) is skipped, where ZooKeeper
 * throws out of its apply thread.
 */
public final class QuotaStats {
    public static final String QUOTA_ROOT = "/zookeeper/quota";
    public static final String LIMIT_NODE = "zookeeper_limits";
    public static final String STAT_NODE = "zookeeper_stats";
    public static final String COUNT = "count";
    public static final String BYTES = "bytes";
    public static final String COUNT_HARD_LIMIT = "countHardLimit";
    public static final String BYTE_HARD_LIMIT = "byteHardLimit";
    private static final Pattern PAIRS = Pattern.compile("[,;]+");

    private final Map<String, Long> values = new LinkedHashMap<>();

    private QuotaStats() {}

    public static QuotaStats parse(byte[] data) {
        QuotaStats s = new QuotaStats();
        if (data == null || data.length == 0) {
            return s;
        }
        for (String pair : PAIRS.split(new String(data, StandardCharsets.UTF_8))) {
            String[] kv = pair.split("=");
            if (kv.length < 2) {
                continue;
            }
            try {
                s.values.put(kv[0], kv[1].isEmpty() ? -1L : Long.parseLong(kv[1]));
            } catch (NumberFormatException e) {
                // skipped, see class comment
            }
        }
        return s;
    }

    public static QuotaStats of(long count, long bytes) {
        QuotaStats s = new QuotaStats();
        s.values.put(COUNT, count);
        s.values.put(BYTES, bytes);
        return s;
    }

    public long get(String key) {
        return values.getOrDefault(key, -1L);
    }

    public QuotaStats set(String key, long value) {
        values.put(key, value);
        return this;
    }

    public byte[] toBytes() {
        StringBuilder b = new StringBuilder();
        b.append(COUNT).append('=').append(get(COUNT)).append(',').append(BYTES).append('=').append(get(BYTES));
        List<String> keys = new ArrayList<>(values.keySet());
        keys.remove(COUNT);
        keys.remove(BYTES);
        if (!keys.isEmpty()) {
            b.append('=');
            Collections.sort(keys);
            for (String k : keys) {
                b.append(';').append(k).append('=').append(values.get(k));
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static String limitPath(String quotaPath) {
        return QUOTA_ROOT + quotaPath + "/" + LIMIT_NODE;
    }

    public static String statPath(String quotaPath) {
        return QUOTA_ROOT + quotaPath + "/" + STAT_NODE;
    }

    /**
     * The quota path a node under /zookeeper/quota stands for, normalised as ZooKeeper's PathTrie
     * splits it (empty components dropped): {@code /zookeeper/quota/a/b} gives {@code /a/b}; null
     * when the parent is not under the quota root or names the root itself.
     */
    static String quotaPathOf(String parentPath) {
        if (!parentPath.startsWith(QUOTA_ROOT)) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (String part : parentPath.substring(QUOTA_ROOT.length()).split("/")) {
            if (!part.trim().isEmpty()) {
                b.append('/').append(part);
            }
        }
        return b.length() == 0 ? null : b.toString();
    }
}
