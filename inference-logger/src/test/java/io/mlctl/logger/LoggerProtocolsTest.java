package io.mlctl.logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestDatabase;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.mlctl.logger.Harness.feature;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each protocol end to end: a model server speaking its wire format, the logger in front (started as {@code mlctl
 * logger} starts it), the real control plane behind with the version's schema. What arrives is read back through the
 * control plane: the pairing records (request id and prediction of every row) and the window's drift report, whose
 * reference profile is exactly the rows sent, so a feature read from the wrong place shows as drift (KS or PSI above
 * zero) and a missing one as a null rate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoggerProtocolsTest {
    private static final int WINDOW_SECONDS = 10;
    private TestDatabase db;
    private ControlPlaneServer cp;
    private TestHttp http;
    private ModelServer model;

    @BeforeAll
    void start() throws Exception {
        db = TestDatabase.h2();
        cp = ControlPlaneServer.start(db, Map.of("mlctl.drift.window", WINDOW_SECONDS + "s", "mlctl.drift.grace", "2s",
                "mlctl.drift.close-interval", "200ms"));
        http = cp.http();
        model = new ModelServer();
    }

    @AfterAll
    void stop() {
        model.close();
        cp.close();
        db.close();
    }

    private Harness.RunningLogger logger(String protocol, String name, int version, String... extra) throws Exception {
        return new Harness.RunningLogger(Harness.loggerArgs(model.port(), protocol, name, version, cp.url(),
                cp.adminToken(), extra).toArray(String[]::new));
    }

    private void reference(String name, int version, List<Map<String, Object>> rows) throws Exception {
        Harness.reference(http, name, version, rows);
    }

    private static Map<String, Object> row(Map<String, Object> features, Object prediction) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("features", features);
        r.put("prediction", prediction);
        return r;
    }

    /** What an FP32 output carries of a double: the float's shortest decimal, read back as a double. */
    private static double fp32(double v) {
        return Double.parseDouble(Float.toString((float) v));
    }

    private static void assertSame(JsonNode report, String... features) {
        for (String f : features) {
            JsonNode row = feature(report, f);
            if (row.has("ks_statistic") && !row.path("ks_statistic").isNull()) {
                assertEquals(0.0, row.path("ks_statistic").asDouble(), 1e-12, f + ": " + row);
            } else {
                assertEquals(0.0, row.path("psi").asDouble(), 1e-9, f + ": " + row);
            }
            assertEquals(0.0, row.path("null_rate_current").asDouble(), 1e-12, f + " missing: " + row);
        }
    }

    @Test
    void oipBatchesGiveOneRowPerBatchRowWithMappedTensorColumns() throws Exception {
        String yaml = """
                name: oip-features
                features:
                  - {name: amount, type: numeric}
                  - {name: age, type: numeric}
                  - {name: country, type: categorical, values: [US, DE, FR]}
                prediction: {name: score, type: numeric, min: 0, max: 1}
                inputs:
                  - {feature: amount, tensor: INPUT0, index: 0}
                  - {feature: age, tensor: INPUT0, index: 1}
                  - {feature: country, tensor: country}
                output: {tensor: probabilities, index: 1}
                """;
        int v = Harness.register(http, "oipm", yaml);
        String[] countries = {"US", "DE", "FR"};
        List<Map<String, Object>> ref = new ArrayList<>();
        Map<String, Double> expected = new LinkedHashMap<>();
        List<String> bodies = new ArrayList<>();
        for (int req = 0; req < 5; req++) {
            ObjectNode body = ModelServer.JSON.createObjectNode().put("id", "client-" + req);
            ObjectNode t = body.putArray("inputs").addObject().put("name", "INPUT0").put("datatype", "FP32");
            t.putArray("shape").add(8).add(2);
            ArrayNode data = t.putArray("data");
            ObjectNode c = ((ArrayNode) body.get("inputs")).addObject().put("name", "country").put("datatype", "BYTES");
            c.putArray("shape").add(8);
            ArrayNode cdata = c.putArray("data");
            for (int i = 0; i < 8; i++) {
                int r = req * 8 + i;
                double amount = r * 1.5;
                double age = 20 + r % 30;
                data.add(amount).add(age);
                cdata.add(countries[r % 3]);
                double p = fp32(ModelServer.score(amount, age));
                ref.add(row(Map.of("amount", amount, "age", age, "country", countries[r % 3]), p));
                expected.put(i == 0 ? "oip-" + req : "oip-" + req + "/" + i, p);
            }
            bodies.add(ModelServer.JSON.writeValueAsString(body));
        }
        reference("oipm", v, ref);
        try (Harness.RunningLogger logger = logger("oip", "oipm", v)) {
            Harness.await("the schema", Duration.ofSeconds(60), () -> logger.output().contains("loaded"));
            assertTrue(logger.output().contains("every feature has a mapping"), logger.output());
            Harness.startOfWindow(WINDOW_SECONDS);
            for (int req = 0; req < 5; req++) {
                HttpResponse<String> r = Harness.post(logger.url("/v2/models/oipm/infer"), "application/json",
                        bodies.get(req), "oip-" + req);
                assertEquals(200, r.statusCode(), r.body());
                JsonNode answer = ModelServer.JSON.readTree(r.body());
                assertEquals("client-" + req, answer.path("id").asText());
                assertEquals(16, answer.path("outputs").path(0).path("data").size());
            }
            Harness.await("40 pairing records", Duration.ofSeconds(60),
                    () -> uncheck(() -> Harness.pairings(db, "oipm", v).size() == 40));
            assertEquals(expected, Harness.pairings(db, "oipm", v));
            // the batch commits before its 200 reaches the logger, which counts the rows as sent on that answer
            Harness.await("40 samples counted as sent", Duration.ofSeconds(60),
                    () -> Harness.value(logger.metrics(), "mlctl_logger_samples_sent_total") == 40.0);
            Map<String, Double> m = logger.metrics();
            assertEquals(40.0, Harness.value(m, "mlctl_logger_samples_sent_total"), m.toString());
            assertEquals(5.0, Harness.value(m, "mlctl_logger_requests_total{outcome=\"logged\"}"), m.toString());
        }
        JsonNode report = Harness.report(http, "oipm", v, 40);
        assertSame(report, "amount", "age", "country", "__prediction__");
    }

    @Test
    void kserveV1InstancesByFieldAndAGeneratedRequestIdOnBothSides() throws Exception {
        String yaml = """
                name: kv1-features
                features:
                  - {name: amount, type: numeric}
                  - {name: age, type: numeric}
                prediction: {name: score, type: numeric}
                inputs:
                  - {feature: age, field: customer_age}
                """;
        int v = Harness.register(http, "kv1m", yaml);
        List<Map<String, Object>> ref = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        Map<String, Double> expected = new LinkedHashMap<>();
        for (int req = 0; req < 5; req++) {
            ObjectNode body = ModelServer.JSON.createObjectNode();
            ArrayNode instances = body.putArray("instances");
            int n = req == 4 ? 1 : 3;
            for (int i = 0; i < n; i++) {
                double amount = req * 10 + i + 0.25;
                double age = 30 + req + i;
                instances.addObject().put("amount", amount).put("customer_age", age);
                double p = ModelServer.score(amount, age);
                ref.add(row(Map.of("amount", amount, "age", age), p));
                if (req < 4) {
                    expected.put(i == 0 ? "kv1-" + req : "kv1-" + req + "/" + i, p);
                } else {
                    expected.put("generated", p);
                }
            }
            bodies.add(ModelServer.JSON.writeValueAsString(body));
        }
        reference("kv1m", v, ref);
        try (Harness.RunningLogger logger = logger("kserve-v1", "kv1m", v)) {
            Harness.await("the schema", Duration.ofSeconds(60), () -> logger.output().contains("loaded"));
            Harness.startOfWindow(WINDOW_SECONDS);
            for (int req = 0; req < 4; req++) {
                HttpResponse<String> r = Harness.post(logger.url("/v1/models/kv1m:predict"), "application/json",
                        bodies.get(req), "kv1-" + req);
                assertEquals(200, r.statusCode(), r.body());
                assertEquals("kv1-" + req, model.requestIds.get(model.requestIds.size() - 1), "forwarded as sent");
            }
            // no x-request-id: the logger makes one, gives it to the model server and to the client
            int before = model.requestIds.size();
            HttpResponse<String> r = Harness.post(logger.url("/v1/models/kv1m:predict"), "application/json",
                    bodies.get(4), null);
            assertEquals(200, r.statusCode(), r.body());
            String generated = r.headers().firstValue("x-request-id").orElse("");
            assertFalse(generated.isEmpty(), "a generated request id in the answer");
            assertEquals(generated, model.requestIds.get(before), "the model server got the same id");
            expected.put(generated, expected.remove("generated"));
            Harness.await("13 pairing records", Duration.ofSeconds(60),
                    () -> uncheck(() -> Harness.pairings(db, "kv1m", v).size() == 13));
            assertEquals(expected, Harness.pairings(db, "kv1m", v));
        }
        assertSame(Harness.report(http, "kv1m", v, 13), "amount", "age", "__prediction__");
    }

    @Test
    void torchServeListsOfInstances() throws Exception {
        String yaml = """
                name: ts-features
                features:
                  - {name: amount, type: numeric}
                  - {name: age, type: numeric}
                prediction: {name: score, type: numeric}
                output: {field: score}
                """;
        int v = Harness.register(http, "tsm", yaml);
        List<Map<String, Object>> ref = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        Map<String, Double> expected = new LinkedHashMap<>();
        for (int req = 0; req < 4; req++) {
            ArrayNode body = ModelServer.JSON.createArrayNode();
            for (int i = 0; i < 2; i++) {
                double amount = req * 3 + i * 0.5;
                double age = 40 - req;
                body.addObject().put("amount", amount).put("age", age);
                double p = ModelServer.score(amount, age);
                ref.add(row(Map.of("amount", amount, "age", age), p));
                expected.put(i == 0 ? "ts-" + req : "ts-" + req + "/" + i, p);
            }
            bodies.add(ModelServer.JSON.writeValueAsString(body));
        }
        reference("tsm", v, ref);
        try (Harness.RunningLogger logger = logger("torchserve", "tsm", v)) {
            Harness.await("the schema", Duration.ofSeconds(60), () -> logger.output().contains("loaded"));
            Harness.startOfWindow(WINDOW_SECONDS);
            for (int req = 0; req < 4; req++) {
                HttpResponse<String> r = Harness.post(logger.url("/predictions/tsm"), "application/json",
                        bodies.get(req), "ts-" + req);
                assertEquals(200, r.statusCode(), r.body());
            }
            // a health call goes through too, and is not an inference
            assertEquals(404, Harness.get(logger.url("/ping")).statusCode());
            Harness.await("8 pairing records", Duration.ofSeconds(60),
                    () -> uncheck(() -> Harness.pairings(db, "tsm", v).size() == 8));
            assertEquals(expected, Harness.pairings(db, "tsm", v));
            Map<String, Double> m = logger.metrics();
            assertEquals(1.0, Harness.value(m, "mlctl_logger_requests_total{outcome=\"no_rows\"}"), m.toString());
        }
        assertSame(Harness.report(http, "tsm", v, 8), "amount", "age", "__prediction__");
    }

    @Test
    void openAiJsonAndStreamedAnswersStreamThroughUnbuffered() throws Exception {
        String yaml = """
                name: llm-features
                features:
                  - {name: prompt_tokens, type: numeric}
                  - {name: finish_reason, type: categorical, values: [stop, length]}
                  - {name: ttft_ms, type: numeric}
                  - {name: latency_ms, type: numeric}
                prediction: {name: completion_tokens, type: numeric}
                """;
        int v = Harness.register(http, "llm", yaml);
        // requests: {prompt words, max_tokens, stream}
        int[][] requests = {{3, 4, 0}, {5, 9, 0}, {2, 6, 1}, {7, 10, 1}};
        List<Map<String, Object>> ref = new ArrayList<>();
        Map<String, Double> expected = new LinkedHashMap<>();
        for (int i = 0; i < requests.length; i++) {
            int tokens = requests[i][1];
            ref.add(row(Map.of("prompt_tokens", requests[i][0], "finish_reason", tokens >= 8 ? "length" : "stop",
                    "ttft_ms", 5.0, "latency_ms", 9.0), tokens));
            expected.put("oa-" + i, (double) tokens);
        }
        reference("llm", v, ref);
        try (Harness.RunningLogger logger = logger("openai", "llm", v)) {
            Harness.await("the schema", Duration.ofSeconds(60), () -> logger.output().contains("loaded"));
            assertTrue(logger.output().contains("every feature has a mapping"), logger.output());
            Harness.startOfWindow(WINDOW_SECONDS);
            for (int i = 0; i < requests.length; i++) {
                ObjectNode body = ModelServer.JSON.createObjectNode().put("model", "llama")
                        .put("max_tokens", requests[i][1]);
                body.putArray("messages").addObject().put("role", "user")
                        .put("content", String.join(" ", java.util.Collections.nCopies(requests[i][0], "hi")));
                if (requests[i][2] == 0) {
                    HttpResponse<String> r = Harness.post(logger.url("/v1/chat/completions"), "application/json",
                            ModelServer.JSON.writeValueAsString(body), "oa-" + i);
                    assertEquals(200, r.statusCode(), r.body());
                    continue;
                }
                body.put("stream", true).putObject("stream_options").put("include_usage", true);
                model.holdStreams();
                HttpResponse<InputStream> r = Harness.CLIENT.send(HttpRequest.newBuilder(
                                logger.url("/v1/chat/completions")).header("Content-Type", "application/json")
                        .header("x-request-id", "oa-" + i).timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(ModelServer.JSON.writeValueAsString(body))).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, r.statusCode());
                assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    // the model server is holding the rest of its answer until we have read this far: the first
                    // chunks reached the client while the answer was still being produced
                    String first = in.readLine();
                    assertTrue(first.startsWith("data: {") && first.contains("\"role\":\"assistant\""), first);
                    model.releaseStream();
                    List<String> events = new ArrayList<>();
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("data: ")) {
                            events.add(line.substring(6));
                        }
                    }
                    assertEquals("[DONE]", events.get(events.size() - 1));
                    assertTrue(events.get(events.size() - 2).contains("\"usage\":{\"prompt_tokens\""), events.toString());
                }
            }
            Harness.await("4 pairing records", Duration.ofSeconds(60),
                    () -> uncheck(() -> Harness.pairings(db, "llm", v).size() == 4));
            assertEquals(expected, Harness.pairings(db, "llm", v));
        }
        JsonNode report = Harness.report(http, "llm", v, 4);
        assertSame(report, "prompt_tokens", "finish_reason", "__prediction__");
        assertEquals(0.0, feature(report, "ttft_ms").path("null_rate_current").asDouble(), report.toString());
        assertEquals(0.0, feature(report, "latency_ms").path("null_rate_current").asDouble(), report.toString());
    }

    interface Check {
        boolean get() throws Exception;
    }

    static boolean uncheck(Check c) {
        try {
            return c.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
