package io.mlctl.controlplane.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.testsupport.ControlPlaneTest;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import static io.mlctl.controlplane.experiment.ExperimentFixtures.experiment;
import static io.mlctl.controlplane.experiment.ExperimentFixtures.registerModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Experiments belong to registered models: the model and every arm's version are checked against the registry. */
class ExperimentRegistryTest extends ControlPlaneTest {

    private static Map<String, Object> experiment(String name, String model, String control, String treatment) {
        Map<String, Object> body = ExperimentFixtures.experiment(name);
        body.put("model", model);
        body.put("arms", List.of(Map.of("name", "control", "version", control, "weight", 50),
                Map.of("name", "treatment", "version", treatment, "weight", 50)));
        return body;
    }

    @Test
    void anUnregisteredModelIs404AndNothingIsStored() throws Exception {
        TestHttp.Response r = http.post("/api/v1/experiments", experiment("ghost-a", "ghost", "1", "2")).assertProblem(404);
        assertTrue(r.detail().contains("model 'ghost' does not exist"), r.detail());
        assertEquals("ghost", r.json().at("/model").asText(), r.body());
        assertNothingStored("ghost-a");
        assertEquals(0, http.get("/api/v1/experiments?model=ghost").assertStatus(200).json().path("total").asLong());
    }

    @Test
    void invalidFieldsAreReportedBeforeTheRegistryIsAsked() {
        Map<String, Object> body = experiment("bad-alpha", "ghost", "1", "2");
        body.put("alpha", 2);
        http.post("/api/v1/experiments", body).assertProblem(422);
    }

    @Test
    void armVersionsTheModelDoesNotHaveAre422NamingEachArm() throws Exception {
        registerModel(http, "shop", 2);
        registerModel(http, "other", 1);
        TestHttp.Response r = http.post("/api/v1/experiments", experiment("shop-bad", "shop", "1", "9")).assertProblem(422);
        JsonNode errors = r.json().path("errors");
        assertEquals(1, errors.size(), r.body());
        assertEquals("arms[1].version", errors.at("/0/field").asText());
        String reason = errors.at("/0/reason").asText();
        assertTrue(reason.contains("arm 'treatment'") && reason.contains("'9'") && reason.contains("no version 9"), reason);
        assertTrue(r.detail().contains("treatment"), r.detail());

        r = http.post("/api/v1/experiments", experiment("shop-bad", "shop", "@nope", "models:/other/1")).assertProblem(422);
        errors = r.json().path("errors");
        assertEquals(2, errors.size(), r.body());
        assertEquals("arms[0].version", errors.at("/0/field").asText());
        assertTrue(errors.at("/0/reason").asText().contains("no alias 'nope'"), r.body());
        assertEquals("arms[1].version", errors.at("/1/field").asText());
        assertTrue(errors.at("/1/reason").asText().contains("names model 'other'"), r.body());

        r = http.post("/api/v1/experiments", experiment("shop-bad", "shop", "v1", "0")).assertProblem(422);
        assertTrue(r.json().at("/errors/0/reason").asText().contains("expected a version number, @ALIAS"), r.body());
        assertEquals(2, r.json().path("errors").size(), r.body());

        http.patch("/api/v1/models/shop/versions/2", Map.of("status", "ARCHIVED")).assertStatus(200);
        r = http.post("/api/v1/experiments", experiment("shop-bad", "shop", "1", "2")).assertProblem(422);
        assertTrue(r.detail().contains("ARCHIVED"), r.detail());
        assertNothingStored("shop-bad");
    }

    @Test
    void aliasesAreResolvedOnceAtCreation() {
        registerModel(http, "ranker", 3);
        http.put("/api/v1/models/ranker/aliases/production", Map.of("version", 2)).assertStatus(200);
        JsonNode e = http.post("/api/v1/experiments", experiment("ranker-ab", "ranker", "@production", "latest"))
                .assertStatus(201).json();
        assertEquals("2", e.at("/arms/0/version").asText());
        assertEquals("3", e.at("/arms/1/version").asText());
        JsonNode uris = http.post("/api/v1/experiments", experiment("ranker-uri", "ranker", "models:/ranker@production",
                "models:/ranker/1")).assertStatus(201).json();
        assertEquals("2", uris.at("/arms/0/version").asText());
        assertEquals("1", uris.at("/arms/1/version").asText());

        // the alias moves on; the experiment keeps comparing the versions it was created with
        http.put("/api/v1/models/ranker/aliases/production", Map.of("version", 3)).assertStatus(200);
        assertEquals("2", http.get("/api/v1/experiments/ranker-ab").assertStatus(200).json().at("/arms/0/version").asText());
        JsonNode a = http.get("/api/v1/experiments/ranker-ab/assign?unit=user-1").assertStatus(200).json();
        assertEquals(a.path("arm").asText().equals("control") ? "2" : "3", a.path("version").asText());
    }

    @Test
    void aModelWithRunningExperimentsIsOnlyDeletedOnceTheyStop() {
        registerModel(http, "retired", 2);
        http.post("/api/v1/experiments", experiment("retired-ab", "retired", "1", "2")).assertStatus(201);
        TestHttp.Response r = http.delete("/api/v1/models/retired").assertProblem(409);
        assertTrue(r.detail().contains("running experiments [retired-ab]"), r.detail());
        assertEquals("running experiments [retired-ab]", r.json().at("/dependents/0").asText(), r.body());
        http.get("/api/v1/models/retired/versions/2").assertStatus(200);
        assertEquals("running", http.get("/api/v1/experiments/retired-ab").json().path("status").asText());

        http.post("/api/v1/experiments/retired-ab/stop", Map.of("reason", "done")).assertStatus(200);
        http.delete("/api/v1/models/retired").assertStatus(200);
        http.get("/api/v1/models/retired").assertProblem(404);
        assertEquals("done", http.get("/api/v1/experiments/retired-ab").assertStatus(200).json().path("stopReason").asText());
        http.get("/api/v1/experiments/retired-ab/report").assertStatus(200);
    }

    @Test
    void aForcedDeleteStopsTheRunningExperiments() throws Exception {
        registerModel(http, "forced", 2);
        http.put("/api/v1/models/forced/aliases/production", Map.of("version", 1)).assertStatus(200);
        http.post("/api/v1/experiments", experiment("forced-ab", "forced", "@production", "2")).assertStatus(201);
        TestHttp.Response r = http.delete("/api/v1/models/forced").assertProblem(409);
        assertTrue(r.detail().contains("aliases [production] and running experiments [forced-ab]"), r.detail());

        http.delete("/api/v1/models/forced?force=true").assertStatus(200);
        JsonNode e = http.get("/api/v1/experiments/forced-ab").assertStatus(200).json();
        assertEquals("stopped", e.path("status").asText());
        assertTrue(e.path("stopReason").asText().contains("model 'forced' was deleted"), e.toString());
        JsonNode audit = http.get("/api/v1/audit?target=experiments/forced-ab").assertStatus(200).json();
        assertTrue(audit.path("items").findValuesAsText("action").contains("experiment.stop"), audit.toString());
        ExperimentFixtures.events(http, server.url(), "forced-ab", "k1",
                "{\"type\":\"exposure\",\"unit\":\"u1\",\"arm\":\"control\"}\n").assertProblem(409);
    }

    private void assertNothingStored(String id) throws Exception {
        http.get("/api/v1/experiments/" + id).assertProblem(404);
        assertEquals(0, http.get("/api/v1/audit?target=experiments/" + id).assertStatus(200).json().path("total").asLong());
        try (Connection c = database.connect();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM experiment WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(0, rs.getLong(1));
            }
        }
    }
}
