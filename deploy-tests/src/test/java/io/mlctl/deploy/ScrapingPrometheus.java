package io.mlctl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.operator.testing.PrometheusTestServer;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Debian's real Prometheus, scraping live targets every second with a temporary configuration and data directory on
 * a free port, evaluating the given rule file; queried through its HTTP API.
 */
final class ScrapingPrometheus implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrometheusTestServer server;
    private final URI url;
    private final HttpClient http = HttpClient.newHttpClient();

    private ScrapingPrometheus(PrometheusTestServer server) {
        this.server = server;
        this.url = server.url();
    }

    /** The binaries, or null (the caller skips with a message). */
    static Path binary() {
        return PrometheusTestServer.binary("prometheus");
    }

    /**
     * Starts Prometheus on {@code port} with the scrape jobs given as YAML snippets (one {@code - job_name: ...}
     * entry each) and the rule file.
     */
    static ScrapingPrometheus start(int port, String scrapeConfigs, Path rules) throws Exception {
        Path dir = Files.createTempDirectory("mlctl-prometheus-scrape-");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                %s""".formatted(rules, scrapeConfigs.indent(2)));
        return new ScrapingPrometheus(PrometheusTestServer.serve(dir, config, port));
    }

    URI url() {
        return url;
    }

    String log() throws IOException {
        return server.log();
    }

    /** GET /api/v1/{path}?{params}; answers the whole JSON body (status, data or errorType/error). */
    JsonNode api(String path, Map<String, String> params) {
        String q = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url.resolve("api/v1/" + path + (q.isEmpty() ? "" : "?" + q)))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("Prometheus at " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode query(String promql, Instant at) {
        return api("query", Map.of("query", promql, "time", seconds(at)));
    }

    JsonNode queryRange(String promql, Instant from, Instant to, Duration step) {
        return api("query_range", Map.of("query", promql, "start", seconds(from), "end", seconds(to),
                "step", Double.toString(step.toMillis() / 1000.0)));
    }

    private static String seconds(Instant t) {
        return String.format(java.util.Locale.ROOT, "%.3f", t.toEpochMilli() / 1000.0);
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
