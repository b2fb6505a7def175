package io.mlctl.controlplane.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real control plane as its own process ({@code java -jar target/control-plane.jar}, what {@code bin/mlctl
 * server} runs), so a test can kill it with SIGKILL and start it again on the same data.
 */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final URI url;
    private final Path log;

    private ServerProcess(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    static Path jar() {
        Path jar = Path.of("target", "control-plane.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run this as an integration test (mvn verify)");
        }
        return jar;
    }

    /** Starts the server with these options and environment; waits for its "listening on" line. */
    static ServerProcess start(List<String> options, Map<String, String> env, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar().toString(), "--port", "0", "--host", "127.0.0.1"));
        cmd.addAll(options);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<URI> listening = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    int at = line.indexOf("listening on ");
                    if (at >= 0) {
                        listening.complete(URI.create(line.substring(at + 13).split(" ")[0]));
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
            listening.completeExceptionally(new IllegalStateException("the server exited; see " + log));
        }, "server-log");
        pump.setDaemon(true);
        pump.start();
        try {
            return new ServerProcess(p, listening.get(120, TimeUnit.SECONDS), log);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("the server did not start; see " + log, e);
        }
    }

    URI url() {
        return url;
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    Path log() {
        return log;
    }
}
