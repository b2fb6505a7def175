package io.mlctl.controlplane.cloudevents;

import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestHttp;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Test models and events shaped as KServe's payload logger sends them: binary-mode CloudEvents with Go's canonical
 * header case (Ce-Id, Ce-Type, ...), the extensions KServe sets, and the inference request or response as the body.
 */
final class KServeEvents {
    static final String REQUEST = "org.kubeflow.serving.inference.request";
    static final String RESPONSE = "org.kubeflow.serving.inference.response";

    /** An OIP model (Triton-style tensors): two numeric columns of INPUT0, a BYTES tensor, a probabilities output. */
    static final String OIP_SCHEMA = """
            name: %s
            features:
              - {name: amount, type: numeric, min: 0, required: true}
              - {name: age, type: numeric}
              - {name: country, type: categorical, values: [US, DE, FR], allowOther: true}
            prediction: {name: score, type: numeric, min: 0, max: 1}
            inputs:
              - {feature: amount, tensor: INPUT0, index: 0}
              - {feature: age, tensor: INPUT0, index: 1}
              - {feature: country, tensor: country}
            output: {tensor: probabilities, index: 1}
            """;
    /** A KServe v1 model (sklearn-style): instance objects mapped by feature name, one number per prediction. */
    static final String V1_SCHEMA = """
            name: %s
            features:
              - {name: tenure, type: numeric, min: 0}
              - {name: plan, type: categorical, values: [basic, pro], allowOther: true}
            prediction: {name: churn, type: numeric, min: 0, max: 1}
            """;

    private KServeEvents() {
    }

    /** Registers schema, model, version 1 and a reference profile; answers the model name. */
    static String oipModel(TestHttp http, String model) {
        register(http, model, OIP_SCHEMA, "amount,age,country,score\n", r -> String.format(Locale.ROOT,
                "%.2f,%d,%s,%.3f%n", 50 + 100 * r.nextDouble(), 20 + r.nextInt(50),
                new String[]{"US", "DE", "FR"}[r.nextInt(3)], r.nextDouble()));
        return model;
    }

    static String v1Model(TestHttp http, String model) {
        register(http, model, V1_SCHEMA, "tenure,plan,churn\n", r -> String.format(Locale.ROOT, "%d,%s,%.3f%n",
                r.nextInt(60), r.nextBoolean() ? "basic" : "pro", r.nextDouble()));
        return model;
    }

    private static void register(TestHttp http, String model, String schema, String header,
                                 java.util.function.Function<Random, String> row) {
        http.send("POST", "/api/v1/schemas", "application/yaml", schema.formatted(model + "-features"))
                .assertStatus(201);
        http.post("/api/v1/models", Map.of("name", model)).assertStatus(201);
        http.post("/api/v1/models/" + model + "/versions", Map.of("artifactUri", "s3://models/" + model + "/1",
                "runtime", "custom", "schema", model + "-features")).assertStatus(201);
        StringBuilder csv = new StringBuilder(header);
        Random r = new Random(7);
        for (int i = 0; i < 300; i++) {
            csv.append(row.apply(r));
        }
        http.send("PUT", "/api/v1/models/" + model + "/versions/1/profile", "text/csv", csv.toString())
                .assertStatus(200);
    }

    /** The OIP request of two rows ({@code [120.5, 31, US]}, {@code [80, 45, DE]}) as a KServe predictor gets it. */
    static String oipRequest(String id) {
        return """
                {"id": "%s", "inputs": [
                  {"name": "INPUT0", "shape": [2, 2], "datatype": "FP32", "data": [[120.5, 31], [80.0, 45]]},
                  {"name": "country", "shape": [2, 1], "datatype": "BYTES", "data": ["US", "DE"]}],
                 "outputs": [{"name": "probabilities"}]}
                """.formatted(id);
    }

    /** Its answer: probabilities of classes 0 and 1 per row; the schema's prediction is column 1 (0.125, 0.75). */
    static String oipResponse(String id) {
        return """
                {"model_name": "fraud", "model_version": "1", "id": "%s", "parameters": {},
                 "outputs": [{"name": "probabilities", "shape": [2, 2], "datatype": "FP32",
                              "data": [0.875, 0.125, 0.25, 0.75]}]}
                """.formatted(id);
    }

    static final String V1_REQUEST = "{\"instances\": [{\"tenure\": 12, \"plan\": \"pro\"}]}";
    static final String V1_RESPONSE = "{\"predictions\": [0.375]}";

    /**
     * One event POSTed as KServe's logger does (binary mode, the extensions it sets, Go's header case); {@code query}
     * (e.g. {@code ?token=...}) is appended to the path as it is; a null content type sends none.
     */
    static TestHttp.Response post(ControlPlaneServer server, TestHttp http, String model, String query, String id,
                                  String type, String body) {
        return http.send(event(server.url(), model, query, id, type, body, "application/json"));
    }

    static HttpRequest.Builder event(URI base, String model, String query, String id, String type, String body,
                                     String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/api/v1/models/" + model
                        + "/versions/1/cloudevents" + (query == null ? "" : query)))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (id != null) {
            b.header("Ce-Id", id);
        }
        if (type != null) {
            b.header("Ce-Type", type);
        }
        b.header("Ce-Specversion", "1.0")
                .header("Ce-Source", "http://localhost:9081/")
                .header("Ce-Time", Instant.now().toString())
                .header("Ce-Inferenceservicename", model)
                .header("Ce-Namespace", "models")
                .header("Ce-Component", "predictor")
                .header("Ce-Endpoint", "default")
                .header("Ce-Metadata", "{}");
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return b;
    }
}
