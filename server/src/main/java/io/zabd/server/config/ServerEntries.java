package io.zabd.server.config;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * Parses {@code server.N} values:
 * {@code host:quorumPort:electionPort[:participant|observer][;[clientAddr:]clientPort]}. An IPv6
 * host is written in brackets ({@code [::1]:2888:3888}). Several addresses joined with '|'
 * (ZooKeeper's multiAddress) are not supported yet and rejected.
 */
final class ServerEntries {
    private ServerEntries() {}

    static QuorumServer parse(long id, String key, String value) throws ConfigException {
        if (value.contains("|")) {
            throw ZooCfgParser.invalid(key, value, "a single address; multiple addresses ('|') are not supported yet");
        }
        String[] halves = value.split(";", -1);
        if (halves.length > 2) {
            throw ZooCfgParser.invalid(key, value, "host:quorumPort:electionPort[:type][;[clientAddr:]clientPort]");
        }
        HostAndRest server = splitHost(key, value, halves[0].trim());
        String[] parts = server.rest().split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw ZooCfgParser.invalid(key, value, "host:quorumPort:electionPort[:participant|observer]");
        }
        int quorumPort = port(key, parts[0]);
        int electionPort = port(key, parts[1]);
        boolean observer = false;
        if (parts.length == 3) {
            String type = parts[2].trim().toLowerCase(Locale.ROOT);
            if (type.equals("observer")) {
                observer = true;
            } else if (!type.equals("participant")) {
                throw ZooCfgParser.invalid(key, value, "server type participant or observer, not '" + parts[2] + "'");
            }
        }
        InetSocketAddress client = halves.length == 2 ? clientAddress(key, halves[1].trim()) : null;
        return new QuorumServer(id, InetSocketAddress.createUnresolved(server.host(), quorumPort),
                InetSocketAddress.createUnresolved(server.host(), electionPort), observer, client);
    }

    private record HostAndRest(String host, String rest) {}

    /** Splits "host:rest" or "[v6]:rest"; the host must be non-empty. */
    private static HostAndRest splitHost(String key, String value, String s) throws ConfigException {
        int colon;
        String host;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw ZooCfgParser.invalid(key, value, "[ipv6]:port:port");
            }
            host = s.substring(1, close);
            colon = close + 1;
        } else {
            colon = s.indexOf(':');
            host = colon < 0 ? s : s.substring(0, colon);
        }
        if (host.isEmpty() || colon < 0) {
            throw ZooCfgParser.invalid(key, value, "host:quorumPort:electionPort");
        }
        return new HostAndRest(host, s.substring(colon + 1));
    }

    /** "[clientAddr:]clientPort" after the ';' of a server entry. */
    private static InetSocketAddress clientAddress(String key, String s) throws ConfigException {
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            return new InetSocketAddress(port(key, s));
        }
        String host = stripBrackets(s.substring(0, colon));
        if (host.isEmpty()) {
            throw ZooCfgParser.invalid(key, s, "[clientAddr:]clientPort");
        }
        return InetSocketAddress.createUnresolved(host, port(key, s.substring(colon + 1)));
    }

    static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    static int port(String key, String value) throws ConfigException {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ZooCfgParser.invalid(key, value, "a port number 1..65535");
    }
}
