package io.mlctl.cli.demo;

import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away control plane for the demo: the same server {@code bin/mlctl server} runs, as a child process on a
 * free port with a temporary data directory, a short drift window and its own admin token. The CLI still talks to it
 * over HTTP only.
 */
final class EmbeddedServer implements AutoCloseable {
    private final Process process;
    private final String url;
    private final Path dataDir;

    private EmbeddedServer(Process process, String url, Path dataDir) {
        this.process = process;
        this.url = url;
        this.dataDir = dataDir;
    }

    static EmbeddedServer start(String token, String window) throws IOException {
        String home = System.getProperty("mlctl.home");
        Path jar = home == null ? null : Path.of(home, "control-plane", "target", "control-plane.jar");
        if (jar == null || !Files.exists(jar)) {
            throw new CliException(ExitCodes.FAILED, "cannot start an embedded server (no control-plane.jar; run "
                    + "this through bin/mlctl); or start one with 'bin/mlctl server --drift-window 5s' and set "
                    + "MLCTL_SERVER and MLCTL_TOKEN");
        }
        Path data = Files.createTempDirectory("mlctl-demo-");
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-XX:+UseSerialGC", "-Xmx768m", "-jar", jar.toString(), "--port", "0", "--host",
                "127.0.0.1", "--data-dir", data.toString(), "--drift-window", window, "--drift-grace", "2s"))
                .redirectErrorStream(true);
        pb.environment().put("MLCTL_ADMIN_TOKEN", token);
        Process p = pb.start();
        CompletableFuture<String> listening = new CompletableFuture<>();
        Path log = data.resolve("server.log");
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    int at = line.indexOf("listening on ");
                    if (at >= 0) {
                        listening.complete(line.substring(at + 13).split(" ")[0]);
                    }
                }
            } catch (IOException ignored) {
                // the server exited
            }
            listening.completeExceptionally(new IllegalStateException("the server exited; see " + log));
        }, "demo-server-log");
        pump.setDaemon(true);
        pump.start();
        try {
            return new EmbeddedServer(p, listening.get(180, TimeUnit.SECONDS), data);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new CliException(ExitCodes.FAILED, "the embedded server did not start; see " + log, e);
        }
    }

    String url() {
        return url;
    }

    Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
