package io.mlctl.operator.testing;

import io.mlctl.operator.server.LoggerSidecar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real inference logger as its own process: {@code java io.mlctl.logger.LoggerMain} (what {@code bin/mlctl
 * logger} and the image run) with the flags the operator gives the sidecar, on free ports of 127.0.0.1. Its output
 * goes to a log file; {@link #close()} sends SIGTERM (a pod's stop) and waits.
 */
public final class LoggerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");
    private static final Pattern METRICS = Pattern.compile("metrics on http://[^:]*:(\\d+)/metrics");

    private final Process process;
    private final Path log;
    private final int port;
    private final int adminPort;

    private LoggerProcess(Process process, Path log, int port, int adminPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.adminPort = adminPort;
    }

    /**
     * Starts {@code mlctl logger --upstream http://127.0.0.1:<upstreamPort> --listen 127.0.0.1:0 --admin-port 0
     * <flags>} with {@code MLCTL_SERVER} and {@code MLCTL_TOKEN}; waits until it listens.
     */
    public static LoggerProcess start(int upstreamPort, URI server, String token, List<String> flags) throws Exception {
        Path log = Files.createTempFile("mlctl-logger-", ".log");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // the JVM flags the operator gives the sidecar (JAVA_TOOL_OPTIONS), /tmp aside
        for (String flag : LoggerSidecar.JAVA_OPTIONS.split(" ")) {
            if (!flag.startsWith("-Djava.io.tmpdir")) {
                cmd.add(flag);
            }
        }
        cmd.addAll(List.of("-cp", classpath, "io.mlctl.logger.LoggerMain",
                "--upstream", "http://127.0.0.1:" + upstreamPort, "--listen", "127.0.0.1:0", "--admin-port", "0"));
        cmd.addAll(flags);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(Map.of("MLCTL_SERVER", server.toString(), "MLCTL_TOKEN", token));
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        CompletableFuture<Integer> admin = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        listening.complete(Integer.parseInt(m.group(1)));
                    }
                    m = METRICS.matcher(line);
                    if (m.find()) {
                        admin.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
            IllegalStateException gone = new IllegalStateException("the logger exited; see " + log);
            listening.completeExceptionally(gone);
            admin.completeExceptionally(gone);
        }, "logger-output");
        pump.setDaemon(true);
        pump.start();
        try {
            return new LoggerProcess(p, log, listening.get(120, TimeUnit.SECONDS), admin.get(120, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("the logger did not start; see " + log + ":\n" + output(log), e);
        }
    }

    /** Where clients (and the mirror) send requests. */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public int port() {
        return port;
    }

    /** /metrics and /health. */
    public int adminPort() {
        return adminPort;
    }

    public String output() {
        return output(log);
    }

    private static String output(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
