package io.mlctl.operator.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mlctl.api.common.StrictJson;
import io.mlctl.api.drift.DriftReport;
import io.mlctl.api.drift.PredictionComparison;
import io.mlctl.api.experiment.Experiment;
import io.mlctl.api.experiment.ExperimentReport;
import io.mlctl.api.experiment.ExperimentRequest;
import io.mlctl.api.experiment.StopRequest;
import io.mlctl.api.retrain.RetrainTrigger;
import io.mlctl.api.retrain.RetrainTriggerRequest;
import io.mlctl.rollout.api.Durations;
import io.mlctl.api.registry.Alias;
import io.mlctl.api.registry.AliasSetRequest;
import io.mlctl.api.registry.ModelVersion;
import io.mlctl.operator.server.ServerConfigResolver.RegistryServing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * {@link ControlPlane} over the control plane's REST API ({@code /api/v1}, paths of docs/DEVELOPING.md), with the
 * request and response records of the {@code api} module. Errors carry the problem+json {@code detail}.
 */
public final class HttpControlPlane implements ControlPlane {
    /** Answers read strictly (no coercion, one value), new members a newer server adds ignored (StrictJson). */
    private static final ObjectMapper JSON = StrictJson.answers(new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS));

    private final URI base;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;

    public HttpControlPlane(URI base, String token, Duration timeout) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public int resolve(String model, String ref) {
        String uri = "models:/" + model + (ref.startsWith("@") ? ref : "/" + ref);
        return get("/api/v1/resolve?uri=" + enc(uri), ModelVersion.class).version();
    }

    @Override
    public RegistryServing serving(String model, int version) {
        ModelVersion v = get("/api/v1/models/" + enc(model) + "/versions/" + version, ModelVersion.class);
        var s = v.serving();
        return new RegistryServing(v.artifactUri(), v.runtime() == null ? null : v.runtime().name(),
                s == null ? null : s.image(), s == null ? null : s.port(),
                s == null || s.gpu() == null ? null : s.gpu().count(), s == null || s.gpu() == null ? null : s.gpu().product());
    }

    @Override
    public void moveAlias(String model, String alias, int version, int expected) {
        String path = "/api/v1/models/" + enc(model) + "/aliases/" + enc(alias);
        try {
            send("PUT", path, new AliasSetRequest(version, expected), JsonNode.class);
        } catch (ControlPlaneException e) {
            if (e.status() == 409 && get(path, Alias.class).version() == version) {
                return;
            }
            throw e;
        }
    }

    @Override
    public DriftReport latestDrift(String model, int version) {
        return get("/api/v1/models/" + enc(model) + "/versions/" + version + "/drift/latest", DriftReport.class);
    }

    @Override
    public PredictionComparison compare(String model, int baseline, int candidate, Duration period) {
        return get("/api/v1/models/" + enc(model) + "/drift/compare?baseline=" + baseline + "&candidate=" + candidate
                + "&period=" + Durations.format(period), PredictionComparison.class);
    }

    @Override
    public Experiment createExperiment(ExperimentRequest request) {
        return send("POST", "/api/v1/experiments", request, Experiment.class);
    }

    @Override
    public Experiment experiment(String id) {
        return get("/api/v1/experiments/" + enc(id), Experiment.class);
    }

    @Override
    public ExperimentReport experimentReport(String id) {
        return get("/api/v1/experiments/" + enc(id) + "/report", ExperimentReport.class);
    }

    @Override
    public void stopExperiment(String id, String reason) {
        send("POST", "/api/v1/experiments/" + enc(id) + "/stop", new StopRequest(reason), JsonNode.class);
    }

    @Override
    public RetrainTrigger triggerRetrain(String model, int version, String reason, Map<String, Object> evidence) {
        return send("POST", "/api/v1/models/" + enc(model) + "/retrain/triggers", new RetrainTriggerRequest(version, reason, evidence),
                RetrainTrigger.class);
    }

    <T> T get(String path, Class<T> type) {
        return exchange(request(path).GET(), path, type);
    }

    <T> T send(String method, String path, Object body, Class<T> type) {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
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
            throw new ControlPlaneException("control plane at " + base + " unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlPlaneException("interrupted", e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw new ControlPlaneException(status, "HTTP " + status + " from " + path.replaceAll("\\?.*", "") + ": " + detail(response.body()));
        }
        try {
            return JSON.readValue(response.body().isBlank() ? "{}" : response.body(), type);
        } catch (IOException e) {
            throw new ControlPlaneException(502, "unexpected answer from " + path + ": " + e.getMessage());
        }
    }

    private static String detail(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            String d = node.path("detail").asText("");
            return d.isBlank() ? node.path("title").asText(body) : d;
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
