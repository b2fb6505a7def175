package io.mlctl.operator.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Instant queries against the Prometheus HTTP API ({@code GET /api/v1/query?query=&time=}). Answers are classified
 * so that a guardrail can tell a value from no data, a bad query and an unreachable server.
 */
public final class PrometheusClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    public PrometheusClient(URI base, Duration timeout) {
        this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public URI base() {
        return base;
    }

    /** Evaluates {@code promql} at {@code time} (the operator's clock, so tests can query recorded history). */
    public QueryResult query(String promql, Instant time) {
        String q = "api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time=" + time.getEpochSecond() + "." + String.format("%03d", time.getNano() / 1_000_000);
        HttpRequest request = HttpRequest.newBuilder(base.resolve(q)).timeout(timeout)
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new QueryResult.Unreachable("Prometheus at " + base + " is unreachable: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new QueryResult.Unreachable("interrupted while querying Prometheus");
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            return new QueryResult.Unreachable("Prometheus at " + base + " answered HTTP " + response.statusCode() + " without JSON");
        }
        if (!"success".equals(body.path("status").asText())) {
            String error = body.path("errorType").asText("error") + ": " + body.path("error").asText("");
            // 400/422 are the query's fault and will not heal by waiting; 5xx and timeouts might
            return response.statusCode() == 400 || response.statusCode() == 422
                    ? new QueryResult.BadQuery(error)
                    : new QueryResult.Unreachable("Prometheus answered HTTP " + response.statusCode() + ": " + error);
        }
        JsonNode data = body.path("data");
        String type = data.path("resultType").asText();
        List<Double> values = new ArrayList<>();
        switch (type) {
            case "vector" -> data.path("result").forEach(s -> values.add(sample(s.path("value"))));
            case "scalar" -> values.add(sample(data.path("result")));
            default -> {
                return new QueryResult.BadQuery("the query returns a " + type + "; a guardrail needs an instant vector or scalar");
            }
        }
        return values.isEmpty() ? new QueryResult.NoData() : new QueryResult.Values(values);
    }

    private static double sample(JsonNode pair) {
        // Prometheus writes sample values as strings, including "NaN", "+Inf" and "-Inf"
        String v = pair.path(1).asText();
        return switch (v) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
    }

    /** What an instant query gave. */
    public sealed interface QueryResult {
        /** One value per returned series. */
        record Values(List<Double> values) implements QueryResult {
        }

        /** The query matched no series (no traffic yet, or the metric is not scraped). */
        record NoData() implements QueryResult {
        }

        /** Prometheus rejected the query. */
        record BadQuery(String reason) implements QueryResult {
        }

        /** Prometheus could not be reached or failed. */
        record Unreachable(String reason) implements QueryResult {
        }
    }
}
