package io.mlctl.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A throw-away control plane for the demo: the same server {@code bin/mlctl server} runs, as a child process on a
 * free port with a temporary data directory, a short drift window and its own admin token. The CLI still talks to it
 * over HTTP only.
 */
final class EmbeddedServer implements AutoCloseable {
    private final ChildProcess process;
    private final Path dataDir;

    private EmbeddedServer(ChildProcess process, Path dataDir) {
        this.process = process;
        this.dataDir = dataDir;
    }

    static EmbeddedServer start(String token, String window) throws IOException {
        return start(token, window, "2s", Files.createTempDirectory("mlctl-demo-"), List.of());
    }

    /** The same with its data in {@code data}, a drift grace period and further server options. */
    static EmbeddedServer start(String token, String window, String grace, Path data, List<String> options)
            throws IOException {
        Path jar = ChildProcess.jar("control-plane/target/control-plane.jar", "an embedded server (or start one with "
                + "'bin/mlctl server --drift-window 5s' and set MLCTL_SERVER and MLCTL_TOKEN)");
        List<String> args = new java.util.ArrayList<>(List.of("--port", "0", "--host", "127.0.0.1", "--data-dir",
                data.toString(), "--drift-window", window, "--drift-grace", grace));
        args.addAll(options);
        ChildProcess p = ChildProcess.start("the embedded server", jar, List.of("-XX:+UseSerialGC", "-Xmx768m"),
                args, Map.of("MLCTL_ADMIN_TOKEN", token), data.resolve("server.log"), "listening on ");
        return new EmbeddedServer(p, data);
    }

    String url() {
        return process.listening();
    }

    Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
