package io.zabd.server.quorum;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: one {@link QuorumTestMain} JVM. Commands go to its stdin; "ACK" lines are collected
 * into {@link #acked}, every other line is queued as a command answer. stderr (its log) goes to a file.
 */
final class ServerProcess implements AutoCloseable {
    final int id;
    final Process process;
    final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Writer stdin;
    private volatile boolean stopped;

    private ServerProcess(int id, Process process) {
        this.id = id;
        this.process = process;
        this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readLoop, "server-" + id + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static ServerProcess start(int id, Path config, Path logFile, int syncDiffMaxTxns) throws IOException,
            InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-")) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Djava.net.preferIPv4Stack=true", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-cp", System.getProperty("java.class.path"), QuorumTestMain.class.getName(), config.toString(),
                Integer.toString(syncDiffMaxTxns)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        ServerProcess s = new ServerProcess(id, p);
        s.await("STARTED", 30_000);
        return s;
    }

    private void readLoop() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acked.add(line.split(" ")[1]);
                } else {
                    answers.add(line);
                }
            }
            answers.add("EOF");
        } catch (IOException e) {
            answers.add("EOF " + e.getMessage());
        }
    }

    synchronized String request(String command, String answerPrefix, long timeoutMs) throws IOException,
            InterruptedException {
        stdin.write(command + "\n");
        stdin.flush();
        return await(answerPrefix, timeoutMs);
    }

    private String await(String prefix, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = answers.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("server " + id + ": no '" + prefix + "' within " + timeoutMs + " ms");
            }
            if (line.startsWith(prefix)) {
                return line;
            }
            if (line.startsWith("FATAL") || line.startsWith("EOF")) {
                throw new AssertionError("server " + id + ": " + line);
            }
        }
    }

    /** The STATUS line parsed into key=value pairs. */
    Map<String, String> status() throws IOException, InterruptedException {
        String line = request("status", "STATUS", 10_000);
        Map<String, String> m = new HashMap<>();
        for (String kv : line.substring("STATUS ".length()).split(" ")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    void write(int n, String tag) throws IOException, InterruptedException {
        request("write " + n + " " + tag, "SUBMITTED " + tag, 60_000);
    }

    /** Paths among {@code paths} missing on this server. */
    List<String> missing(List<String> paths) throws IOException, InterruptedException {
        List<String> missing = new ArrayList<>();
        for (int from = 0; from < paths.size(); from += 200) {
            List<String> part = paths.subList(from, Math.min(paths.size(), from + 200));
            String line = request("exists " + String.join(" ", part), "EXISTS", 10_000);
            String m = line.substring(line.indexOf("missing=") + "missing=".length());
            if (!m.isEmpty()) {
                missing.addAll(List.of(m.split(",")));
            }
        }
        return missing;
    }

    long pid() {
        return process.pid();
    }

    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    void signal(String sig) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(pid())).inheritIO().start();
        k.waitFor(5, TimeUnit.SECONDS);
        stopped = sig.equals("STOP");
    }

    boolean alive() {
        return process.isAlive() && !stopped;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            if (stopped) {
                try {
                    signal("CONT");
                } catch (IOException ignored) {
                    // killed next anyway
                }
            }
            kill9();
        }
    }
}
