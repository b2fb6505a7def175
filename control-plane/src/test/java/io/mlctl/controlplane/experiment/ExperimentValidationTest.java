package io.mlctl.controlplane.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.testsupport.ControlPlaneTest;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.mlctl.controlplane.experiment.ExperimentFixtures.events;
import static io.mlctl.controlplane.experiment.ExperimentFixtures.experiment;
import static io.mlctl.controlplane.experiment.ExperimentFixtures.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets a clear problem+json answer and records nothing. */
class ExperimentValidationTest extends ControlPlaneTest {

    @BeforeEach
    void registerFraud() {
        ExperimentFixtures.registerModel(http, "fraud", 8);
    }

    private JsonNode rejected(String name, Consumer<Map<String, Object>> change, String field, String reason) {
        Map<String, Object> body = experiment(name);
        change.accept(body);
        TestHttp.Response r = http.post("/api/v1/experiments", body).assertProblem(422);
        JsonNode errors = r.json().path("errors");
        boolean found = false;
        for (JsonNode e : errors) {
            found |= e.path("field").asText().equals(field) && e.path("reason").asText().contains(reason);
        }
        assertTrue(found, "expected " + field + ": " + reason + " in " + r.body());
        assertTrue(r.detail().contains(reason) || errors.size() > 1, r.body());
        http.get("/api/v1/experiments/" + name).assertProblem(404);
        return r.json();
    }

    private static Map<String, Object> metric(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void ratesOutsideTheUnitInterval() {
        rejected("bad-rate-1", b -> b.put("metrics", List.of(metric("name", "c", "type", "proportion", "baseline", 1.2, "mdeRelative", 0.1))),
                "metrics[0]", "baseline rate must be between 0 and 1 (exclusive), got 1.2");
        rejected("bad-rate-2", b -> b.put("metrics", List.of(metric("name", "c", "type", "proportion", "baseline", 0, "mdeAbsolute", 0.01))),
                "metrics[0]", "baseline rate must be between 0 and 1");
    }

    @Test
    void mdePushingTheRatePastOne() {
        rejected("bad-mde-1", b -> b.put("metrics", List.of(metric("name", "c", "type", "proportion", "baseline", 0.6, "mdeRelative", 0.8))),
                "metrics[0]", "gives a treatment rate of 1.08, outside (0,1)");
        rejected("bad-mde-2", b -> b.put("metrics", List.of(metric("name", "c", "type", "proportion", "baseline", 0.05,
                        "direction", "decrease", "mdeAbsolute", 0.06))),
                "metrics[0]", "outside (0,1)");
    }

    @Test
    void alphaPowerAndSplitOutOfRange() {
        rejected("bad-alpha", b -> b.put("alpha", 1.5), "alpha", "must be between 0 and 1 (exclusive), got 1.5");
        rejected("bad-power", b -> b.put("power", 0.0), "power", "must be between 0 and 1 (exclusive), got 0.0");
        rejected("bad-weight", b -> b.put("arms", List.of(Map.of("name", "control", "weight", 0), Map.of("name", "treatment", "weight", 50))),
                "arms[0].weight", "must be a positive integer share");
        rejected("bad-arms", b -> b.put("arms", List.of(Map.of("name", "control", "weight", 1))), "arms", "at least 2 arms");
        rejected("bad-dup-arm", b -> b.put("arms", List.of(Map.of("name", "a", "weight", 1), Map.of("name", "a", "weight", 1))),
                "arms[1].name", "duplicate arm 'a'");
    }

    @Test
    void incompleteOrContradictoryMetrics() {
        rejected("bad-metric-1", b -> b.put("metrics", List.of(metric("name", "rev", "type", "mean", "mdeAbsolute", 1))),
                "metrics[0].sigma", "needs sigma");
        rejected("bad-metric-2", b -> b.put("metrics", List.of(metric("name", "c", "type", "proportion", "baseline", 0.1))),
                "metrics[0]", "exactly one of mdeRelative and mdeAbsolute");
        rejected("bad-metric-3", b -> b.put("metrics", List.of(metric("name", "lat", "type", "mean", "role", "guardrail"))),
                "metrics", "at least one primary metric");
        rejected("bad-metric-4", b -> b.put("metrics", List.of(metric("name", "c", "type", "proportion", "baseline", 0.1, "mdeRelative", 0.1),
                        metric("name", "lat", "type", "mean", "role", "guardrail", "margin", -0.1))),
                "metrics[1].margin", "must be a share of the control level");
        rejected("bad-duration", b -> b.put("maxDuration", "two weeks"), "maxDuration", "is not a duration like 30s, 10m, 1h30m or 14d");
        rejected("Bad_Name", b -> { }, "name", "must be a DNS-1123 label");
    }

    @Test
    void malformedJsonAndWrongTypesAre400() {
        http.send("POST", "/api/v1/experiments", "application/json", "{not json").assertProblem(400);
        http.send("POST", "/api/v1/experiments", "application/json", "{\"name\":\"x\",\"metrics\":[{\"name\":\"c\",\"type\":\"ratio\"}]}")
                .assertProblem(400);
    }

    @Test
    void badEventsRejectTheWholeBatch() throws Exception {
        http.post("/api/v1/experiments", experiment("events-bad")).assertStatus(201);
        events(http, server.url(), "events-bad", "ok", "{\"type\":\"exposure\",\"unit\":\"a\",\"arm\":\"control\"}\n").assertStatus(200);
        Map<String, Long> before = rows(database, "events-bad");

        TestHttp.Response r = events(http, server.url(), "events-bad", "k1", """
                {"type":"exposure","unit":"b","arm":"control"}
                {"type":"exposure","unit":"c","arm":"treatmnt"}
                {"type":"metric","unit":"d","metric":"conversion","value":2}
                {"type":"metric","unit":"e","metric":"revenue","value":2}
                not json
                {"type":"click","unit":"f"}
                {"type":"exposure","unit":"g","ts":"yesterday"}
                {"type":"exposure"}
                """).assertProblem(422);
        JsonNode errors = r.json().path("errors");
        assertEquals(7, errors.size(), r.body());
        assertEquals(2, errors.get(0).path("line").asInt());
        assertEquals("arm", errors.get(0).path("field").asText());
        assertTrue(errors.get(0).path("reason").asText().contains("unknown arm \"treatmnt\"; this experiment has"), r.body());
        assertTrue(errors.get(1).path("reason").asText().contains("is a proportion: the value is 0 or 1"), r.body());
        assertTrue(errors.get(2).path("reason").asText().contains("unknown metric \"revenue\""), r.body());
        assertEquals("not valid JSON", errors.get(3).path("reason").asText());
        assertTrue(r.detail().startsWith("7 of 8 events are invalid and nothing was recorded"), r.detail());
        assertEquals(before, rows(database, "events-bad"), "nothing recorded, not even the valid line");

        http.send("POST", "/api/v1/experiments/events-bad/events", "application/xml", "<e/>").assertProblem(415);
        events(http, server.url(), "events-bad", "k2", "\n\n").assertProblem(400);
        events(http, server.url(), "nope", "k3", "{\"type\":\"exposure\",\"unit\":\"a\"}").assertProblem(404);
        assertEquals(before, rows(database, "events-bad"));
    }
}
