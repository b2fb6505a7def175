package io.mlctl.controlplane.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.testsupport.TestHttp;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** A binary model with a quality block, a reference profile, and NDJSON samples and labels for it. */
public final class QualityModels {
    private QualityModels() {
    }

    /** Schema {@code <model>-q}, the model, version 1 with a reference profile; task binary, positive 1. */
    public static void binaryModel(TestHttp http, String model) {
        http.send("POST", "/api/v1/schemas", "application/yaml", """
                name: %s-q
                features:
                  - {name: amount, type: numeric, min: 0}
                prediction: {name: score, type: numeric, min: 0, max: 1}
                quality: {task: binary, positive: 1, threshold: 0.5}
                """.formatted(model)).assertStatus(201);
        http.post("/api/v1/models", Map.of("name", model)).assertStatus(201);
        http.post("/api/v1/models/" + model + "/versions", Map.of("artifactUri", "s3://m/1", "runtime", "custom",
                "schema", model + "-q")).assertStatus(201);
        StringBuilder ref = new StringBuilder("amount,score\n");
        Random r = new Random(7);
        for (int i = 0; i < 500; i++) {
            ref.append(String.format(Locale.ROOT, "%.3f,%.5f%n", 10 + 5 * r.nextDouble(), r.nextDouble()));
        }
        http.send("PUT", "/api/v1/models/" + model + "/versions/1/profile", "text/csv", ref.toString())
                .assertStatus(200);
    }

    /** Sample lines {@code request_id = prefix + i} with the scores, all at {@code ts}. */
    static String samples(String prefix, double[] scores, Instant ts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < scores.length; i++) {
            sb.append("{\"request_id\":\"").append(prefix).append(i).append("\",\"ts\":\"").append(ts)
                    .append("\",\"features\":{\"amount\":12},\"prediction\":").append(scores[i]).append("}\n");
        }
        return sb.toString();
    }

    /** Label lines for rows {@code from} (inclusive) to {@code to} (exclusive). */
    static String labels(String prefix, int[] labels, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append("{\"request_id\":\"").append(prefix).append(i).append("\",\"label\":").append(labels[i])
                    .append("}\n");
        }
        return sb.toString();
    }

    static TestHttp.Response post(TestHttp http, URI base, String model, String what, String key, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/api/v1/models/" + model + "/versions/1/" + what))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return http.send(b);
    }

    static JsonNode quality(TestHttp http, String model) {
        return http.get("/api/v1/models/" + model + "/quality?version=1").assertStatus(200).json();
    }
}
