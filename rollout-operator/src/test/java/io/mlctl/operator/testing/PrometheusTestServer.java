package io.mlctl.operator.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus (Debian's package) holding test series: they are written as OpenMetrics, backfilled into a TSDB
 * block with {@code promtool tsdb create-blocks-from openmetrics}, and served from a temporary data dir on a free
 * port. Tests query it at the series' timestamps, so nothing waits for scrapes. Skips (JUnit assumption) when the
 * binaries are not installed.
 */
public final class PrometheusTestServer implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final URI url;

    private PrometheusTestServer(Process process, Path dir, URI url) {
        this.process = process;
        this.dir = dir;
        this.url = url;
    }

    public static PrometheusTestServer start(OpenMetrics series) throws Exception {
        Path prometheus = binary("prometheus");
        Path promtool = binary("promtool");
        Assumptions.assumeTrue(prometheus != null && promtool != null,
                "prometheus/promtool are not installed (apt-get install prometheus); skipping the real-Prometheus test");
        Path dir = Files.createTempDirectory("mlctl-prometheus-");
        Path om = dir.resolve("series.om");
        Files.writeString(om, series.text());
        Path data = dir.resolve("data");
        run(List.of(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", om.toString(), data.toString()), dir);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 15s\n");
        return serve(dir, config, freePort(), "--storage.tsdb.retention.time=100y");
    }

    /**
     * Runs Prometheus with {@code config} on 127.0.0.1:{@code port}, its data and log in {@code dir} (deleted on
     * {@link #close()}); returns once it answers {@code /-/ready}. Also the start of deploy-tests' scraping Prometheus.
     */
    public static PrometheusTestServer serve(Path dir, Path config, int port, String... flags) throws Exception {
        Path prometheus = binary("prometheus");
        Assumptions.assumeTrue(prometheus != null,
                "prometheus is not installed (apt-get install prometheus); skipping the real-Prometheus test");
        List<String> cmd = new ArrayList<>(List.of(prometheus.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"));
        cmd.addAll(List.of(flags));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        PrometheusTestServer server = new PrometheusTestServer(p, dir, URI.create("http://127.0.0.1:" + port + "/"));
        server.awaitReady();
        return server;
    }

    /** What Prometheus logged (warnings and errors). */
    public String log() throws IOException {
        return Files.readString(dir.resolve("prometheus.log"));
    }

    public URI url() {
        return url;
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited: " + log());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url.resolve("-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("prometheus did not become ready: " + log());
    }

    private static void run(List<String> command, Path dir) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    /** The executable on PATH (or in /usr/bin), null when it is not installed. */
    public static Path binary(String name) {
        String path = System.getenv("PATH");
        for (String d : (path == null ? "/usr/bin" : path + ":/usr/bin").split(":")) {
            Path candidate = Path.of(d, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
