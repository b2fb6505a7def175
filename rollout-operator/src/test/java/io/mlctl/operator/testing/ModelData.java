package io.mlctl.operator.testing;

import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestHttp;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;

/**
 * A model with a feature schema and reference profiles, and the samples its servers' logging sidecars send, all
 * through the control plane's REST API as a user (or a training pipeline) would. One numeric feature, {@code amount}
 * (log-normal), and a numeric prediction, {@code score}.
 */
public final class ModelData {
    static final String SCHEMA = """
            name: %s
            features:
              - {name: amount, type: numeric, min: 0, required: true}
            prediction: {name: score, type: numeric, min: 0, max: 1}
            """;

    private final ControlPlaneServer cp;

    public ModelData(ControlPlaneServer cp) {
        this.cp = cp;
    }

    /**
     * Registers the schema, the model and versions 1 and 2 (each with a reference profile of 2000 rows), and
     * points {@code production} at version 1; answers the versions.
     */
    public int[] modelWithTwoProfiledVersions(String model) {
        TestHttp http = cp.http();
        http.send("POST", "/api/v1/schemas", "application/yaml", SCHEMA.formatted(model + "-features")).assertStatus(201);
        http.post("/api/v1/models", Map.of("name", model)).assertStatus(201);
        int[] v = new int[2];
        for (int i = 0; i < 2; i++) {
            v[i] = http.post("/api/v1/models/" + model + "/versions", Map.of("artifactUri", "s3://models/" + model + "/" + i,
                    "runtime", "triton", "schema", model + "-features")).assertStatus(201).json().path("version").asInt();
            http.send("PUT", "/api/v1/models/" + model + "/versions/" + v[i] + "/profile", "text/csv", reference(2000, 11 + i))
                    .assertStatus(200);
        }
        new Registry(cp).alias(model, "production", v[0]);
        return v;
    }

    private static String reference(int rows, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("amount,score\n");
        for (int i = 0; i < rows; i++) {
            sb.append(String.format(Locale.ROOT, "%.4f,%.5f%n", amount(r, 0), score(r, 0)));
        }
        return sb.toString();
    }

    private static double amount(Random r, double shift) {
        return Math.exp(3 + shift + 0.5 * r.nextGaussian());
    }

    private static double score(Random r, double shift) {
        return Math.min(1, Math.max(0, 0.2 + 0.1 * r.nextGaussian() + shift));
    }

    /**
     * What a model server's logging sidecar sends: {@code rows} samples of one version, stamped now (the server's
     * clock); {@code amountShift} moves log(amount), {@code scoreShift} the predictions (0, 0: the reference's
     * distribution).
     */
    public void samples(String model, int version, int rows, long seed, double amountShift, double scoreShift) {
        Random r = new Random(seed);
        String ts = Instant.now().toString();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            sb.append(String.format(Locale.ROOT, "{\"ts\":\"%s\",\"features\":{\"amount\":%.4f},\"prediction\":%.5f}%n",
                    ts, amount(r, amountShift), score(r, scoreShift)));
        }
        send(model, version, model + "-" + version + "-" + seed, sb.toString());
    }

    /**
     * What the baseline's and the mirrored candidate's logging sidecars send for the same {@code rows} requests
     * (request ids {@code req-0}...): the candidate predicts like the baseline (0.05 to 0.15) on the requests
     * {@code candidateAgrees} accepts and 0.9 (the reference's top bin) on the others.
     */
    public void pairedSamples(String model, int baseline, int candidate, int rows, IntPredicate candidateAgrees) {
        String ts = Instant.now().toString();
        String row = "{\"ts\":\"%s\",\"request_id\":\"req-%d\",\"features\":{\"amount\":20},\"prediction\":%.3f}%n";
        StringBuilder b = new StringBuilder();
        StringBuilder c = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            double score = 0.05 + 0.002 * (i % 50);
            b.append(String.format(Locale.ROOT, row, ts, i, score));
            c.append(String.format(Locale.ROOT, row, ts, i, candidateAgrees.test(i) ? score : 0.9));
        }
        send(model, baseline, model + "-paired-" + baseline, b.toString());
        send(model, candidate, model + "-paired-" + candidate, c.toString());
    }

    private void send(String model, int version, String idempotencyKey, String ndjson) {
        cp.http().send(HttpRequest.newBuilder(URI.create(cp.url() + "/api/v1/models/" + model + "/versions/" + version + "/samples"))
                .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(ndjson))).assertStatus(200);
    }
}
