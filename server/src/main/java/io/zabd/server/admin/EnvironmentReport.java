package io.zabd.server.admin;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The process environment that {@code envi} prints, with ZooKeeper's keys in its order. This is the one
 * place the admin code reads JVM system properties: reporting them is the command's purpose.
 */
final class EnvironmentReport {
    private static final String[] PROPERTIES = {"java.version", "java.vendor", "java.home", "java.class.path",
        "java.library.path", "java.io.tmpdir", "java.compiler", "os.name", "os.arch", "os.version", "user.name",
        "user.home", "user.dir"};
    private static final long MB = 1024 * 1024;

    private EnvironmentReport() {}

    static List<Map.Entry<String, String>> entries(String version) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        out.add(new SimpleImmutableEntry<>("zookeeper.version", version));
        out.add(new SimpleImmutableEntry<>("host.name", hostName()));
        for (String key : PROPERTIES) {
            String value = System.getProperty(key);
            out.add(new SimpleImmutableEntry<>(key, value == null ? "<NA>" : value));
        }
        Runtime rt = Runtime.getRuntime();
        out.add(new SimpleImmutableEntry<>("os.memory.free", rt.freeMemory() / MB + "MB"));
        out.add(new SimpleImmutableEntry<>("os.memory.max", rt.maxMemory() / MB + "MB"));
        out.add(new SimpleImmutableEntry<>("os.memory.total", rt.totalMemory() / MB + "MB"));
        return out;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "<NA>";
        }
    }

    /** Open and maximum file descriptors of this process (-1 each where the JVM cannot tell). */
    static long[] fileDescriptors() {
        Object os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return new long[] {unix.getOpenFileDescriptorCount(), unix.getMaxFileDescriptorCount()};
        }
        return new long[] {-1, -1};
    }
}
