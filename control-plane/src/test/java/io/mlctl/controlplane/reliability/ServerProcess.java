package io.mlctl.controlplane.reliability;

import io.mlctl.testsupport.WatchedProcess;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The real control plane as its own process ({@code java -jar target/control-plane.jar}, what {@code bin/mlctl
 * server} runs), so a test can kill it with SIGKILL and start it again on the same data.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+)");

    private final WatchedProcess process;
    private final URI url;

    private ServerProcess(WatchedProcess process, URI url) {
        this.process = process;
        this.url = url;
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
        List<String> cmd = new ArrayList<>(List.of(WatchedProcess.java(),
                "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar().toString(), "--port", "0", "--host", "127.0.0.1"));
        cmd.addAll(options);
        WatchedProcess p = WatchedProcess.start("the server", cmd, env, List.of(), log);
        return new ServerProcess(p, URI.create(p.await(LISTENING, Duration.ofSeconds(120)).group(1)));
    }

    URI url() {
        return url;
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void kill9() throws InterruptedException {
        process.kill9();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }

    Path log() {
        return process.log();
    }
}
