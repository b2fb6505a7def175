package io.mlctl.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mlctl.api.common.Durations;
import io.mlctl.api.common.StrictJson;
import io.mlctl.api.drift.DriftReport;
import io.mlctl.api.drift.PredictionComparison;
import io.mlctl.api.experiment.Experiment;
import io.mlctl.api.quality.QualityComparison;
import io.mlctl.api.quality.QualityReport;
import io.mlctl.api.experiment.ExperimentReport;
import io.mlctl.api.experiment.ExperimentRequest;
import io.mlctl.api.experiment.StopRequest;
import io.mlctl.api.registry.Alias;
import io.mlctl.api.registry.AliasSetRequest;
import io.mlctl.api.registry.ModelVersion;
import io.mlctl.api.retrain.RetrainTrigger;
import io.mlctl.api.retrain.RetrainTriggerRequest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The typed client of the control plane's REST API: one method per call, the request and response records of this
 * module, the paths of {@link ApiPaths}, the JDK {@link HttpClient} with one timeout for connecting and for each
 * answer. A non-2xx answer becomes a {@link Failure} carrying the status and the problem+json {@code detail}; an
 * unreachable server a {@link Failure} with status 0. Used by the operator; the CLI goes through the same
 * {@link ApiPaths} with its own transport (it prints the server's JSON as it came and starts without HttpClient).
 */
public final class ControlPlaneApi {
    /**
     * Reads answers strictly (one value, no coercion, finite numbers) but takes members it does not know: a newer
     * server may add members the client's records do not know yet ({@link StrictJson#answers}).
     */
    private static final ObjectMapper JSON = StrictJson.answers(new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS));

    private final URI base;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param base    the control plane's URL (a trailing slash is ignored)
     * @param token   a bearer token, or null
     * @param timeout for connecting and for each answer
     */
    public ControlPlaneApi(URI base, String token, Duration timeout) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public URI base() {
        return base;
    }

    /** The version a model URI names ({@code models:/fraud@production} or {@code models:/fraud/7}). */
    public ModelVersion resolve(String modelUri) {
        return get(ApiPaths.resolve(modelUri), ModelVersion.class);
    }

    public ModelVersion version(String model, int version) {
        return get(ApiPaths.version(model, version), ModelVersion.class);
    }

    public Alias alias(String model, String alias) {
        return get(ApiPaths.alias(model, alias), Alias.class);
    }

    /** Moves an alias; with {@code expectedVersion} set the server answers 409 when it points elsewhere now. */
    public void setAlias(String model, String alias, AliasSetRequest request) {
        send("PUT", ApiPaths.alias(model, alias), request, JsonNode.class);
    }

    /** The newest drift report of a version (404 before its first window closed). */
    public DriftReport latestDrift(String model, int version) {
        return get(ApiPaths.latestDrift(model, version), DriftReport.class);
    }

    /** The candidate's predictions of the last {@code period} against the baseline's over the same time. */
    public PredictionComparison comparePredictions(String model, int baseline, int candidate, Duration period) {
        return get(ApiPaths.driftCompare(model, baseline, candidate, Durations.format(period)),
                PredictionComparison.class);
    }

    /** A version's realized and estimated quality per window. */
    public QualityReport quality(String model, int version) {
        return get(ApiPaths.quality(model, version), QualityReport.class);
    }

    /** The baseline's and the candidate's realized quality on the same labelled requests. */
    public QualityComparison compareQuality(String model, int baseline, int candidate) {
        return get(ApiPaths.qualityCompare(model, baseline, candidate), QualityComparison.class);
    }

    public Experiment createExperiment(ExperimentRequest request) {
        return send("POST", ApiPaths.experiments(), request, Experiment.class);
    }

    public Experiment experiment(String id) {
        return get(ApiPaths.experiment(id), Experiment.class);
    }

    public ExperimentReport experimentReport(String id) {
        return get(ApiPaths.experimentReport(id), ExperimentReport.class);
    }

    public void stopExperiment(String id, String reason) {
        send("POST", ApiPaths.experimentStop(id), new StopRequest(reason), JsonNode.class);
    }

    public RetrainTrigger triggerRetrain(String model, RetrainTriggerRequest request) {
        return send("POST", ApiPaths.retrainTriggers(model), request, RetrainTrigger.class);
    }

    /** GETs any path of {@link ApiPaths} as a record of this module. */
    public <T> T get(String path, Class<T> type) {
        return exchange(request(path).GET(), path, type);
    }

    /** Sends a JSON body to any path of {@link ApiPaths}; the answer as a record of this module. */
    public <T> T send(String method, String path, Object body, Class<T> type) {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
        return exchange(request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)), path, type);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json, application/problem+json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private <T> T exchange(HttpRequest.Builder request, String path, Class<T> type) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Failure(0, "control plane at " + base + " unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(0, "interrupted", e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw new Failure(status, "HTTP " + status + " from " + path.replaceAll("\\?.*", "") + ": "
                    + detail(response.body()), null);
        }
        try {
            return JSON.readValue(response.body().isBlank() ? "{}" : response.body(), type);
        } catch (IOException e) {
            // a 2xx we cannot read is the server's fault as far as the caller can tell: a bad gateway
            throw new Failure(502, "unexpected answer from " + path + ": " + e.getMessage(), null);
        }
    }

    /** The problem+json {@code detail} (or {@code title}), else the start of the body. */
    private static String detail(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            String d = node.path("detail").asText("");
            return d.isBlank() ? node.path("title").asText(body) : d;
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }

    /** A call that failed: {@code status} is the HTTP status, or 0 when no answer came (unreachable, interrupted). */
    public static final class Failure extends RuntimeException {
        private final int status;

        public Failure(int status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
