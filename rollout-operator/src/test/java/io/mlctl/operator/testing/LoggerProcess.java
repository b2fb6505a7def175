package io.mlctl.operator.testing;

import io.mlctl.operator.server.LoggerSidecar;
import io.mlctl.testsupport.WatchedProcess;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A real inference logger as its own process: {@code java io.mlctl.logger.LoggerMain} (what {@code bin/mlctl
 * logger} and the image run) with the flags the operator gives the sidecar, on free ports of 127.0.0.1. Its output
 * goes to a log file; {@link #close()} sends SIGTERM (a pod's stop) and waits.
 */
public final class LoggerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");
    private static final Pattern METRICS = Pattern.compile("metrics on http://[^:]*:(\\d+)/metrics");

    private final WatchedProcess process;
    private final int port;
    private final int adminPort;

    private LoggerProcess(WatchedProcess process, int port, int adminPort) {
        this.process = process;
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
        List<String> cmd = new ArrayList<>(List.of(WatchedProcess.java()));
        // the JVM flags the operator gives the sidecar (JAVA_TOOL_OPTIONS), /tmp aside
        for (String flag : LoggerSidecar.JAVA_OPTIONS.split(" ")) {
            if (!flag.startsWith("-Djava.io.tmpdir")) {
                cmd.add(flag);
            }
        }
        cmd.addAll(List.of("-cp", classpath, "io.mlctl.logger.LoggerMain",
                "--upstream", "http://127.0.0.1:" + upstreamPort, "--listen", "127.0.0.1:0", "--admin-port", "0"));
        cmd.addAll(flags);
        WatchedProcess p = WatchedProcess.start("the logger", cmd, Map.of("MLCTL_SERVER", server.toString(),
                "MLCTL_TOKEN", token), List.of("JAVA_TOOL_OPTIONS"), log);
        return new LoggerProcess(p, p.awaitPort(LISTENING), p.awaitPort(METRICS));
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
        return process.output();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
