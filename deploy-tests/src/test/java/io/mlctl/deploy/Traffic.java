package io.mlctl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestHttp;

import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What users, model servers and pipelines do to the control plane and the cluster, through the REST API and
 * ModelRollout resources only: the traffic behind every dashboard panel and alert of the SRE tests.
 */
final class Traffic {
    static final String SCHEMA = """
            name: fraud-features
            features:
              - {name: amount, type: numeric, min: 0, required: true}
              - {name: country, type: categorical, values: [US, DE, FR], allowOther: true}
              - {name: is_new, type: boolean}
            prediction: {name: score, type: numeric, min: 0, max: 1}
            quality: {task: binary, positive: 1, threshold: 0.5}
            """;
    static final String JOB_TEMPLATE = """
            apiVersion: batch/v1
            kind: Job
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers:
                    - name: train
                      image: registry.example.com/fraud-train:1
                      args: [--model, fraud]
            """;
    static final String ROLLOUT_TEMPLATE = """
            apiVersion: mlctl.io/v1alpha1
            kind: ModelRollout
            spec:
              model: fraud
              baseline: "@production"
              candidate: "0"
              traffic: {httpRoute: fraud}
              strategy:
                canary: {steps: [{weight: 10, pause: 10m}]}
            """;
    /** Rolls back: Triton says the candidate's p99 is 400 ms, the guardrail allows 250. */
    static final String FRAUD_ROLLOUT = """
            apiVersion: mlctl.io/v1alpha1
            kind: ModelRollout
            metadata: {name: fraud-v2, namespace: ml-serving}
            spec:
              model: fraud
              baseline: "@production"
              candidate: "2"
              traffic: {httpRoute: fraud}
              strategy:
                canary: {steps: [{weight: 10, pause: 5m}, {weight: 50, pause: 5m}]}
              guardrails:
                interval: 2s
                failureLimit: 1
                inconclusiveLimit: 50
                onInconclusive: pause
                metrics:
                  - {name: p99-latency-ms, preset: latency-p99, max: 250}
                  - {name: gpu-memory-gib, preset: gpu-memory, max: 38}
                  - {name: prediction-psi, drift: {feature: __prediction__, statistic: psi}, max: 50}
              retrain: {onRollback: true}
            """;
    /** Keeps progressing: vLLM's time to first token, errors and GPU use are within bounds. */
    static final String RANKER_ROLLOUT = """
            apiVersion: mlctl.io/v1alpha1
            kind: ModelRollout
            metadata: {name: ranker-v2, namespace: ml-serving}
            spec:
              model: ranker
              baseline: "@production"
              candidate: "2"
              traffic: {httpRoute: ranker}
              strategy:
                canary: {steps: [{weight: 20, pause: 30m}, {weight: 60, pause: 30m}]}
              guardrails:
                interval: 2s
                failureLimit: 2
                inconclusiveLimit: 50
                onInconclusive: pause
                metrics:
                  - {name: ttft-p99-ms, preset: ttft-p99, max: 500}
                  - {name: error-rate, preset: error-rate, max: 0.05}
                  - {name: gpu-utilization, preset: gpu-utilization, max: 98}
            """;
    /** Pauses: no DCGM series exist for its pods, and it allows no inconclusive judgement. */
    static final String SCORER_ROLLOUT = """
            apiVersion: mlctl.io/v1alpha1
            kind: ModelRollout
            metadata: {name: scorer-v2, namespace: ml-serving}
            spec:
              model: scorer
              baseline: "@production"
              candidate: "2"
              traffic: {httpRoute: scorer}
              strategy:
                canary: {steps: [{weight: 25, pause: 30m}]}
              guardrails:
                interval: 2s
                failureLimit: 0
                inconclusiveLimit: 0
                onInconclusive: pause
                metrics:
                  - {name: gpu-utilization, preset: gpu-utilization, max: 95}
            """;

    private final ControlPlaneServer cp;
    private final TestHttp http;
    private final KubernetesClient k8s;
    private final AtomicInteger ticks = new AtomicInteger();
    private final Random random = new Random(7);

    Traffic(ControlPlaneServer cp, KubernetesClient k8s) {
        this.cp = cp;
        this.http = cp.http();
        this.k8s = k8s;
    }

    /** A new token's secret. */
    String token(String name, String role) {
        return ok(http.post("/api/v1/tokens", Map.of("name", name, "role", role))).json().path("token").asText();
    }

    void setUp() throws Exception {
        ok(http.send("POST", "/api/v1/schemas", "application/yaml", SCHEMA));
        model("fraud", "triton", null, "fraud-features");
        model("ranker", "vllm", null, null);
        model("scorer", "custom", "registry.example.com/scorer:2", null);
        for (int v = 1; v <= 2; v++) {
            ok(http.send("PUT", "/api/v1/models/fraud/versions/" + v + "/profile", "text/csv", referenceCsv(3000, v)));
        }
        int down;
        try (ServerSocket s = new ServerSocket(0)) {
            down = s.getLocalPort(); // the retrain pipeline's webhook is down
        }
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("webhook", "http://127.0.0.1:" + down + "/retrain");
        policy.put("secret", "s3cret");
        policy.put("on", "psi>=0.25");
        policy.put("minDriftShare", 0.5);
        policy.put("consecutive", 1);
        policy.put("cooldown", "1h");
        policy.put("jobTemplate", JOB_TEMPLATE);
        policy.put("jobNamespace", SreStack.SERVING);
        policy.put("rolloutTemplate", ROLLOUT_TEMPLATE);
        policy.put("rolloutNamespace", SreStack.SERVING);
        ok(http.put("/api/v1/models/fraud/retrain/policy", policy));
        ok(http.post("/api/v1/experiments", Map.of("name", "checkout", "model", "fraud", "salt", "checkout-salt",
                "arms", List.of(Map.of("name", "control", "version", "1", "weight", 50),
                        Map.of("name", "treatment", "version", "2", "weight", 50)),
                "metrics", List.of(Map.of("name", "conversion", "type", "proportion", "baseline", 0.10,
                        "mdeRelative", 0.20)))));
    }

    private void model(String name, String runtime, String image, String schema) {
        ok(http.post("/api/v1/models", Map.of("name", name, "owner", "ml-platform")));
        for (int v = 1; v <= 2; v++) {
            Map<String, Object> serving = new LinkedHashMap<>();
            if (image != null) {
                serving.put("image", image);
            }
            serving.put("gpu", Map.of("count", 1, "product", "NVIDIA-A100-SXM4-40GB"));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("artifactUri", "s3://models/" + name + "/" + v);
            body.put("runtime", runtime);
            body.put("serving", serving);
            if (schema != null) {
                body.put("schema", schema);
            }
            ok(http.post("/api/v1/models/" + name + "/versions", body));
        }
        ok(http.put("/api/v1/models/" + name + "/aliases/production", Map.of("version", 1)));
    }

    void startRollouts() {
        for (String yaml : List.of(FRAUD_ROLLOUT, RANKER_ROLLOUT, SCORER_ROLLOUT)) {
            ModelRollout r = k8s.getKubernetesSerialization().unmarshal(yaml, ModelRollout.class);
            k8s.resources(ModelRollout.class).inNamespace(SreStack.SERVING).resource(r).create();
        }
    }

    /**
     * One second of traffic: the stable version's samples, the candidate's drifted ones (a quarter without is_new,
     * some rows breaking the schema, accepted partially), now and then a batch rejected whole; experiment events;
     * API reads, one of them a 404.
     */
    void tick() {
        int n = ticks.incrementAndGet();
        Instant now = Instant.now();
        samples(1, "v1-" + n, samples(100, 0, now, false), false);
        labelled(n, now);
        StringBuilder v2 = new StringBuilder(samples(100, 1.0, now, true));
        for (int i = 0; i < 8; i++) {
            v2.append("{\"features\":{\"amount\":-5,\"country\":\"US\"},\"prediction\":0.5}\n");
        }
        v2.append("{\"features\":{\"amount\":3,\"colour\":\"red\"},\"prediction\":0.5}\n");
        v2.append("not json\n");
        samples(2, "v2-" + n, v2.toString(), true);
        if (n % 4 == 0) {
            samples(2, "bad-" + n, "{\"features\":{\"amount\":\"lots\"},\"prediction\":2}\n", false);
        }
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            String unit = "u" + n + "-" + i;
            String arm = i % 2 == 0 ? "control" : "treatment";
            events.append("{\"type\":\"exposure\",\"unit\":\"").append(unit).append("\",\"arm\":\"").append(arm).append("\"}\n");
            if (random.nextDouble() < (arm.equals("control") ? 0.10 : 0.14)) {
                events.append("{\"type\":\"metric\",\"unit\":\"").append(unit).append("\",\"arm\":\"").append(arm)
                        .append("\",\"metric\":\"conversion\",\"value\":1}\n");
            }
        }
        http.send(HttpRequest.newBuilder(cp.url().resolve("/api/v1/experiments/checkout/events"))
                .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", "events-" + n)
                .POST(HttpRequest.BodyPublishers.ofString(events.toString())));
        http.get("/api/v1/models");
        http.get("/api/v1/models/fraud/versions/2/drift/latest");
        http.get("/api/v1/models/no-such-model");
    }

    int ticks() {
        return ticks.get();
    }

    /**
     * The retrain pipeline answers the drift trigger: it registers version 3 with the trigger as lineage, and the
     * control plane creates the policy's auto-rollout for it.
     */
    void completeRetrain() throws InterruptedException {
        JsonNode trigger = null;
        for (int i = 0; i < 200 && trigger == null; i++) {
            for (JsonNode t : ok(http.get("/api/v1/models/fraud/retrain/triggers")).json().path("items")) {
                if ("drift".equals(t.path("reason").asText())) {
                    trigger = t;
                }
            }
            Thread.sleep(250);
        }
        if (trigger == null) {
            throw new AssertionError("drift fired no retrain trigger: "
                    + http.get("/api/v1/models/fraud/retrain/triggers").body());
        }
        ok(http.post("/api/v1/models/fraud/versions", Map.of("artifactUri", "s3://models/fraud/3", "runtime", "triton",
                "schema", "fraud-features", "lineage", Map.of("triggeredBy", trigger.path("triggeredBy").asText()))));
    }

    /**
     * Twenty of the candidate's predictions with request ids (version 2, the version the dashboards' scenario
     * selects), and their labels (Bernoulli of the score, so the scores are calibrated): the quality row's series.
     */
    private void labelled(int n, Instant now) {
        StringBuilder predictions = new StringBuilder();
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            double score = random.nextDouble();
            predictions.append(String.format(Locale.ROOT, "{\"request_id\":\"q%d-%d\",\"ts\":\"%s\",\"features\":"
                    + "{\"amount\":%.4f,\"country\":\"US\",\"is_new\":false},\"prediction\":%.5f}%n", n, i, now,
                    amount(0), score));
            labels.append(String.format(Locale.ROOT, "{\"request_id\":\"q%d-%d\",\"label\":%d}%n", n, i,
                    random.nextDouble() < score ? 1 : 0));
        }
        samples(2, "q-" + n, predictions.toString(), false);
        http.send(HttpRequest.newBuilder(cp.url().resolve("/api/v1/models/fraud/versions/2/labels"))
                .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", "labels-" + n)
                .POST(HttpRequest.BodyPublishers.ofString(labels.toString())));
    }

    private void samples(int version, String key, String body, boolean partial) {
        http.send(HttpRequest.newBuilder(cp.url().resolve("/api/v1/models/fraud/versions/" + version + "/samples"
                        + (partial ? "?partial=true" : "")))
                .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private String samples(int rows, double shift, Instant ts, boolean nulls) {
        StringBuilder sb = new StringBuilder();
        String[] countries = shift > 0 ? new String[]{"US", "US", "BR"} : new String[]{"US", "DE", "FR"};
        for (int i = 0; i < rows; i++) {
            String isNew = nulls && i % 4 == 0 ? "" : ",\"is_new\":" + random.nextBoolean();
            sb.append(String.format(Locale.ROOT, "{\"ts\":\"%s\",\"features\":{\"amount\":%.4f,\"country\":\"%s\"%s},"
                    + "\"prediction\":%.5f}%n", ts, amount(shift), countries[random.nextInt(3)], isNew, score(shift)));
        }
        return sb.toString();
    }

    private String referenceCsv(int rows, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("amount,country,is_new,score\n");
        String[] countries = {"US", "DE", "FR"};
        for (int i = 0; i < rows; i++) {
            sb.append(String.format(Locale.ROOT, "%.4f,%s,%s,%.5f%n", Math.exp(3 + 0.5 * r.nextGaussian()),
                    countries[r.nextInt(3)], r.nextBoolean(), Math.min(1, Math.max(0, 0.2 + 0.1 * r.nextGaussian()))));
        }
        return sb.toString();
    }

    private double amount(double shift) {
        return Math.exp(3 + 0.5 * random.nextGaussian() + shift);
    }

    private double score(double shift) {
        return Math.min(1, Math.max(0, 0.2 + 0.1 * random.nextGaussian() + shift * 0.2));
    }

    private static TestHttp.Response ok(TestHttp.Response r) {
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("control plane answered " + r.status() + ": " + r.body());
        }
        return r;
    }
}
