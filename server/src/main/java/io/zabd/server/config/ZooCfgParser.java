package io.zabd.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a zoo.cfg as ZooKeeper does: Java properties syntax, keys and values trimmed. Every value is
 * validated once; an invalid one raises {@link ConfigException} naming the key and the value; an
 * unknown key is logged as a warning and listed in {@link ServerConfig#unknownKeys()}.
 */
public final class ZooCfgParser {
    private static final Logger LOG = LoggerFactory.getLogger(ZooCfgParser.class);

    private final Map<String, String> values;
    private final List<String> unknownKeys = new ArrayList<>();
    private final Map<Long, QuorumServer> servers = new TreeMap<>();

    private ZooCfgParser(Map<String, String> values) {
        this.values = values;
    }

    public static ServerConfig parse(Path file) throws ConfigException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("malformed config file " + file + ": " + e.getMessage(), e);
        }
        return parse(props);
    }

    /** Parses zoo.cfg text (for tests and embedded use). */
    public static ServerConfig parseText(String text) throws ConfigException {
        Properties props = new Properties();
        try (Reader in = new StringReader(text)) {
            props.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("malformed config text: " + e.getMessage(), e);
        }
        return parse(props);
    }

    public static ServerConfig parse(Properties props) throws ConfigException {
        Map<String, String> values = new HashMap<>();
        for (String name : props.stringPropertyNames()) {
            values.put(name.trim(), props.getProperty(name).trim());
        }
        return new ZooCfgParser(values).build();
    }

    private ServerConfig build() throws ConfigException {
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            if (e.getKey().startsWith("server.")) {
                parseServer(e.getKey(), e.getValue());
            } else if (!ConfigKeys.KNOWN.contains(e.getKey())) {
                LOG.warn("Unknown zoo.cfg key '{}' (value '{}') is ignored", e.getKey(), e.getValue());
                unknownKeys.add(e.getKey());
            }
        }
        int tickTime = positiveInt(ConfigKeys.TICK_TIME, ServerConfig.DEFAULT_TICK_TIME_MS);
        String dataDirValue = values.get(ConfigKeys.DATA_DIR);
        if (dataDirValue == null || dataDirValue.isEmpty()) {
            throw new ConfigException("dataDir is not set");
        }
        Path dataDir = path(ConfigKeys.DATA_DIR, dataDirValue);
        Path dataLogDir = values.containsKey(ConfigKeys.DATA_LOG_DIR)
                ? path(ConfigKeys.DATA_LOG_DIR, values.get(ConfigKeys.DATA_LOG_DIR)) : dataDir;
        long myid = servers.isEmpty() ? 0 : MyId.read(dataDir, servers.keySet());
        int minSession = intValue(ConfigKeys.MIN_SESSION_TIMEOUT, -1);
        int maxSession = intValue(ConfigKeys.MAX_SESSION_TIMEOUT, -1);
        minSession = minSession == -1 ? 2 * tickTime : minSession;
        maxSession = maxSession == -1 ? 20 * tickTime : maxSession;
        if (minSession <= 0) {
            throw invalid(ConfigKeys.MIN_SESSION_TIMEOUT, values.get(ConfigKeys.MIN_SESSION_TIMEOUT), "a positive number of ms or -1");
        }
        if (minSession > maxSession) {
            throw new ConfigException("minSessionTimeout must not be larger than maxSessionTimeout: "
                    + minSession + " > " + maxSession);
        }
        int snapRetain = intValue(ConfigKeys.AUTOPURGE_SNAP_RETAIN_COUNT, ServerConfig.MIN_SNAP_RETAIN_COUNT);
        if (snapRetain < ServerConfig.MIN_SNAP_RETAIN_COUNT) {
            LOG.warn("Invalid autopurge.snapRetainCount: {}. Defaulting to {}", snapRetain, ServerConfig.MIN_SNAP_RETAIN_COUNT);
            snapRetain = ServerConfig.MIN_SNAP_RETAIN_COUNT;
        }
        List<String> unknownWords = new ArrayList<>();
        FourLetterWhitelist whitelist = values.containsKey(ConfigKeys.FOUR_LETTER_WHITELIST)
                ? FourLetterWhitelist.parse(values.get(ConfigKeys.FOUR_LETTER_WHITELIST), unknownWords)
                : FourLetterWhitelist.defaults();
        if (!unknownWords.isEmpty()) {
            LOG.warn("4lw.commands.whitelist names unknown commands {}; they are ignored", unknownWords);
        }
        localSessions();
        int initLimit = servers.isEmpty() ? intValue(ConfigKeys.INIT_LIMIT, 0) : requiredPositive(ConfigKeys.INIT_LIMIT);
        int syncLimit = servers.isEmpty() ? intValue(ConfigKeys.SYNC_LIMIT, 0) : requiredPositive(ConfigKeys.SYNC_LIMIT);
        return new ServerConfig(tickTime, dataDir, dataLogDir, clientAddress(myid),
                nonNegativeInt(ConfigKeys.MAX_CLIENT_CNXNS, ServerConfig.DEFAULT_MAX_CLIENT_CNXNS),
                nonNegativeInt(ConfigKeys.MAX_CNXNS, 0), minSession, maxSession,
                positiveInt(ConfigKeys.GLOBAL_OUTSTANDING_LIMIT, ServerConfig.DEFAULT_GLOBAL_OUTSTANDING_LIMIT),
                preAllocSizeKb(),
                snapCount(), longValue(ConfigKeys.SNAP_SIZE_LIMIT_IN_KB, ServerConfig.DEFAULT_SNAP_SIZE_LIMIT_KB),
                snapRetain, intValue(ConfigKeys.AUTOPURGE_PURGE_INTERVAL, 0), forceSync(),
                positiveInt(ConfigKeys.JUTE_MAX_BUFFER, ServerConfig.DEFAULT_JUTE_MAX_BUFFER_BYTES), whitelist,
                bool(ConfigKeys.EXTENDED_TYPES_ENABLED, false),
                positiveLong(ConfigKeys.CONTAINER_CHECK_INTERVAL_MS, ServerConfig.DEFAULT_CONTAINER_CHECK_INTERVAL_MS),
                superDigest(), bool(ConfigKeys.AUDIT_ENABLE, false), initLimit, syncLimit, servers, myid, unknownKeys);
    }

    private InetSocketAddress clientAddress(long myid) throws ConfigException {
        QuorumServer self = servers.get(myid);
        String portValue = values.get(ConfigKeys.CLIENT_PORT);
        if (portValue == null) {
            if (self != null && self.clientAddress() != null) {
                return self.clientAddress();
            }
            throw new ConfigException("clientPort is not set");
        }
        int port = ServerEntries.port(ConfigKeys.CLIENT_PORT, portValue);
        String host = values.get(ConfigKeys.CLIENT_PORT_ADDRESS);
        if (host == null || host.isEmpty()) {
            return new InetSocketAddress(port);
        }
        InetSocketAddress address = new InetSocketAddress(ServerEntries.stripBrackets(host), port);
        if (address.isUnresolved()) {
            throw invalid(ConfigKeys.CLIENT_PORT_ADDRESS, host, "a resolvable host name or IP address");
        }
        return address;
    }

    private void parseServer(String key, String value) throws ConfigException {
        long id;
        try {
            id = Long.parseLong(key.substring("server.".length()));
        } catch (NumberFormatException e) {
            throw invalid(key, value, "a key server.N with a numeric id N");
        }
        if (id <= 0) {
            throw invalid(key, value, "a positive server id");
        }
        servers.put(id, ServerEntries.parse(id, key, value));
    }

    private int snapCount() throws ConfigException {
        int n = intValue(ConfigKeys.SNAP_COUNT, ServerConfig.DEFAULT_SNAP_COUNT);
        if (n < 2) {
            throw invalid(ConfigKeys.SNAP_COUNT, values.get(ConfigKeys.SNAP_COUNT), "an integer of at least 2");
        }
        return n;
    }

    private boolean forceSync() throws ConfigException {
        String v = values.get(ConfigKeys.FORCE_SYNC);
        if (v == null) {
            return true;
        }
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw invalid(ConfigKeys.FORCE_SYNC, v, "yes or no");
        };
    }

    private String superDigest() throws ConfigException {
        String v = values.get(ConfigKeys.SUPER_DIGEST);
        if (v == null || v.isEmpty()) {
            return null;
        }
        int colon = v.indexOf(':');
        if (colon <= 0 || colon == v.length() - 1) {
            throw invalid(ConfigKeys.SUPER_DIGEST, v, "user:base64digest");
        }
        return v;
    }

    private Path path(String key, String value) throws ConfigException {
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw invalid(key, value, "a file system path");
        }
    }

    /**
     * localSessionsEnabled / localSessionsUpgradingEnabled (ZooKeeper's optimisation: sessions known
     * to one server only, created without a transaction). zabd accepts the keys (a bad value is an
     * error, as for every boolean) and keeps every session global: created through the leader, valid
     * on every member, allowed ephemerals. Clients work unchanged; a session creation costs a
     * transaction, and a session may move to another member (ZooKeeper expires a local session there).
     */
    private void localSessions() throws ConfigException {
        boolean local = bool(ConfigKeys.LOCAL_SESSIONS_ENABLED, false);
        boolean upgrading = bool(ConfigKeys.LOCAL_SESSIONS_UPGRADING_ENABLED, false);
        if (local || upgrading) {
            LOG.warn("{}={} and {}={}: zabd has no local sessions; every session is global (created through the "
                    + "leader, valid on every member, may own ephemerals), so clients work unchanged and each "
                    + "session creation is a transaction", ConfigKeys.LOCAL_SESSIONS_ENABLED, local,
                    ConfigKeys.LOCAL_SESSIONS_UPGRADING_ENABLED, upgrading);
        }
    }

    private boolean bool(String key, boolean dflt) throws ConfigException {
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw invalid(key, v, "true or false");
    }

    private int intValue(String key, int dflt) throws ConfigException {
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw invalid(key, v, "an integer");
        }
    }

    private long longValue(String key, long dflt) throws ConfigException {
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw invalid(key, v, "an integer");
        }
    }

    private int positiveInt(String key, int dflt) throws ConfigException {
        int n = intValue(key, dflt);
        if (n <= 0) {
            throw invalid(key, values.get(key), "a positive integer");
        }
        return n;
    }

    private int nonNegativeInt(String key, int dflt) throws ConfigException {
        int n = intValue(key, dflt);
        if (n < 0) {
            throw invalid(key, values.get(key), "0 (unlimited) or a positive integer");
        }
        return n;
    }

    /** preAllocSize in KB (ZooKeeper's unit): 1 .. {@link ServerConfig#MAX_PRE_ALLOC_SIZE_KB}. */
    private long preAllocSizeKb() throws ConfigException {
        long kb = longValue(ConfigKeys.PRE_ALLOC_SIZE, ServerConfig.DEFAULT_PRE_ALLOC_SIZE_KB);
        if (kb <= 0 || kb > ServerConfig.MAX_PRE_ALLOC_SIZE_KB) {
            throw invalid(ConfigKeys.PRE_ALLOC_SIZE, values.get(ConfigKeys.PRE_ALLOC_SIZE), "a size in KB from 1 to "
                    + ServerConfig.MAX_PRE_ALLOC_SIZE_KB + " (1 GiB: zabd maps each log segment whole)");
        }
        return kb;
    }

    private long positiveLong(String key, long dflt) throws ConfigException {
        long n = longValue(key, dflt);
        if (n <= 0) {
            throw invalid(key, values.get(key), "a positive integer");
        }
        return n;
    }

    private int requiredPositive(String key) throws ConfigException {
        if (!values.containsKey(key)) {
            throw new ConfigException(key + " is not set (required with server.N entries)");
        }
        return positiveInt(key, 0);
    }

    static ConfigException invalid(String key, String value, String expected) {
        return new ConfigException("invalid value for " + key + ": '" + value + "' (expected " + expected + ")");
    }
}
