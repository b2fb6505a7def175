package io.mlctl.controlplane.experiment;

import io.mlctl.testsupport.TestDatabase;
import io.mlctl.testsupport.TestHttp;

import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Requests and database probes shared by the experiment API tests. */
final class ExperimentFixtures {
    private ExperimentFixtures() {
    }

    /**
     * Registers {@code model} with versions 1..{@code versions} unless it exists: experiments only accept registered
     * models and versions ({@link #experiment} uses fraud 7 and 8). The server lives as long as the test class.
     */
    static void registerModel(TestHttp http, String model, int versions) {
        if (http.get("/api/v1/models/" + model).status() == 200) {
            return;
        }
        http.post("/api/v1/models", Map.of("name", model)).assertStatus(201);
        for (int v = 1; v <= versions; v++) {
            http.post("/api/v1/models/" + model + "/versions",
                    Map.of("artifactUri", "s3://models/" + model + "/" + v, "runtime", "triton")).assertStatus(201);
        }
    }

    /** A 50/50 experiment on conversion (baseline 10%, MDE +20% relative: 3841 units per arm). */
    static Map<String, Object> experiment(String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("model", "fraud");
        m.put("arms", List.of(Map.of("name", "control", "version", "7", "weight", 50),
                Map.of("name", "treatment", "version", "8", "weight", 50)));
        m.put("metrics", List.of(
                Map.of("name", "conversion", "type", "proportion", "baseline", 0.10, "mdeRelative", 0.20),
                Map.of("name", "latency-ms", "type", "mean", "role", "guardrail", "direction", "decrease", "margin", 0.05)));
        m.put("salt", name + "-salt");
        return m;
    }

    static TestHttp.Response events(TestHttp http, URI base, String id, String key, String ndjson) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/api/v1/experiments/" + id + "/events"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return http.send(b);
    }

    /** Rows an experiment has in each statistics table, e.g. to prove a rejected batch recorded nothing. */
    static Map<String, Long> rows(TestDatabase db, String id) throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = db.connect()) {
            for (String table : List.of("experiment_exposure", "experiment_unit_value", "experiment_daily_exposure",
                    "experiment_daily_metric", "experiment_event_batch")) {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE experiment_id = ?")) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        out.put(table, rs.getLong(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(total), 0), COALESCE(SUM(squares), 0) "
                    + "FROM experiment_daily_metric WHERE experiment_id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out.put("sum", Math.round(rs.getDouble(1) * 1000));
                    out.put("squares", Math.round(rs.getDouble(2) * 1000));
                }
            }
        }
        return out;
    }
}
