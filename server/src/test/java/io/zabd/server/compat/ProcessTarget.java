package io.zabd.server.compat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * zabd as a child process ({@code java -cp <test classpath> io.zabd.server.config.Main --config zoo.cfg}),
 * for crash tests: {@link #kill9()} sends SIGKILL, {@link #restart()} starts it again on the same
 * directories and port. The port is probed free once (bind 0, close) and kept across restarts.
 */
final class ProcessTarget implements TargetServer {
    private static final long START_DEADLINE_S = 60;
    private static final String LISTENING = "zabd server listening on ";

    private final Path dir;
    private final Path configFile;
    private final int port;
    private Process process;

    private ProcessTarget(Path dir, TargetOptions options) throws IOException {
        this.dir = dir;
        this.port = freePort();
        Files.createDirectories(dir);
        this.configFile = dir.resolve("zoo.cfg");
        Files.writeString(configFile, ZabdTarget.configText(dir, options, port));
    }

    static ProcessTarget start(Path dir, TargetOptions options) throws Exception {
        ProcessTarget target = new ProcessTarget(dir, options);
        target.launch();
        return target;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void launch() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-Djava.net.preferIPv4Stack")) {
                cmd.add(arg);
            }
        }
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.zabd.server.config.Main");
        cmd.add("--config");
        cmd.add(configFile.toString());
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        CompletableFuture<String> listening = new CompletableFuture<>();
        Path logFile = dir.resolve("server-" + process.pid() + ".log");
        Thread reader = new Thread(() -> copyOutput(listening, logFile), "zabd-child-output");
        reader.setDaemon(true);
        reader.start();
        String line = listening.get(START_DEADLINE_S, TimeUnit.SECONDS);
        if (!line.endsWith(":" + port)) {
            throw new IOException("child bound " + line + ", expected port " + port);
        }
    }

    private void copyOutput(CompletableFuture<String> listening, Path logFile) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                var out = Files.newBufferedWriter(logFile)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                if (line.startsWith(LISTENING)) {
                    listening.complete(line.substring(LISTENING.length()));
                }
            }
            listening.completeExceptionally(new IOException("child exited before listening; see " + logFile));
        } catch (IOException e) {
            listening.completeExceptionally(e);
        }
    }

    /** SIGKILL: no shutdown hook, no flush; waits until the process is gone. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(START_DEADLINE_S, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait for the exit status (the shutdown hook runs). */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(START_DEADLINE_S, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }

    void restart() throws Exception {
        if (process.isAlive()) {
            throw new IllegalStateException("still running");
        }
        launch();
    }

    @Override
    public String name() {
        return "zabd-process";
    }

    @Override
    public InetSocketAddress clientAddress() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(START_DEADLINE_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
