package io.mlctl.controlplane.cloudevents;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.ControlPlaneTest;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.mlctl.controlplane.cloudevents.KServeEvents.REQUEST;
import static io.mlctl.controlplane.cloudevents.KServeEvents.RESPONSE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ingest role: write-only, optionally for one model, accepted as {@code ?token=} on the CloudEvents path only,
 * and the {@code MLCTL_INGEST_TOKEN} bootstrap, on H2 and PostgreSQL.
 */
class IngestTokenTest extends ControlPlaneTest {
    private Object registeredOn;

    @BeforeEach
    void models() {
        if (registeredOn != server) {
            KServeEvents.oipModel(http, "fraud");
            KServeEvents.oipModel(http, "other");
            registeredOn = server;
        }
    }

    private JsonNode create(Map<String, Object> body) {
        return http.post("/api/v1/tokens", body).assertStatus(201).json();
    }

    private static String q(String token) {
        return "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private TestHttp.Response event(String model, String query, String id, String type, String body) {
        return KServeEvents.post(server, server.http(null), model, query, id, type, body);
    }

    @Test
    void aScopedIngestTokenInTheUrlSendsEventsForItsModelOnly() {
        JsonNode created = create(Map.of("name", "kserve", "role", "ingest", "model", "fraud"));
        assertEquals("fraud", created.path("info").path("model").asText(), created.toString());
        String token = created.path("token").asText();
        String id = UUID.randomUUID().toString();
        event("fraud", q(token), id, REQUEST, KServeEvents.oipRequest(id)).assertStatus(200);
        assertEquals("ingested", event("fraud", q(token), id, RESPONSE, KServeEvents.oipResponse(id))
                .assertStatus(200).json().path("state").asText());
        // another model: authenticated, not allowed
        event("other", q(token), id, REQUEST, KServeEvents.oipRequest(id)).assertProblem(403);
        server.http(token).send("POST", "/api/v1/models/other/versions/1/samples", "application/x-ndjson",
                "{\"features\": {\"amount\": 1}}\n").assertProblem(403);
        // a wrong or missing token
        event("fraud", q("mlctl_wrong"), id, REQUEST, KServeEvents.oipRequest(id)).assertProblem(401);
        event("fraud", null, id, REQUEST, KServeEvents.oipRequest(id)).assertProblem(401);
        event("fraud", "?token=", id, REQUEST, KServeEvents.oipRequest(id)).assertProblem(401);
    }

    @Test
    void ingestTokensWriteSamplesButReadNothing() {
        String token = create(Map.of("name", "sidecar", "role", "ingest")).path("token").asText();
        TestHttp ingest = server.http(token);
        HttpRequest.Builder batch = HttpRequest.newBuilder(server.url().resolve("/api/v1/models/other/versions/1/samples"))
                .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", "ingest-role-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"features\": {\"amount\": 10, \"age\": 30, "
                        + "\"country\": \"US\"}, \"prediction\": 0.5}\n"));
        assertEquals(1, ingest.send(batch).assertStatus(200).json().path("accepted").asInt());
        for (String path : List.of("/api/v1/models", "/api/v1/models/other", "/api/v1/models/other/versions/1",
                "/api/v1/models/other/versions/1/profile", "/api/v1/models/other/drift", "/api/v1/schemas",
                "/api/v1/tokens", "/api/v1/audit")) {
            ingest.get(path).assertProblem(403);
        }
        ingest.post("/api/v1/models", Map.of("name", "nope")).assertProblem(403);
        ingest.post("/api/v1/tokens", Map.of("name", "x", "role", "admin")).assertProblem(403);
        ingest.send("PUT", "/api/v1/models/other/versions/1/profile", "text/csv", "amount\n1\n").assertProblem(403);
    }

    @Test
    void theTokenInTheUrlIsReadOnTheCloudEventsPathOnly() {
        String token = create(Map.of("name", "url-only", "role", "ingest")).path("token").asText();
        TestHttp anonymous = server.http(null);
        anonymous.send("POST", "/api/v1/models/fraud/versions/1/samples" + q(token), "application/x-ndjson",
                "{\"features\": {\"amount\": 1}}\n").assertProblem(401);
        anonymous.get("/api/v1/models" + q(token)).assertProblem(401);
        anonymous.get("/api/v1/models/fraud/versions/1/cloudevents" + q(token)).assertProblem(401);
        // a viewer, editor or admin secret is refused in a URL even where the parameter is read
        String id = UUID.randomUUID().toString();
        event("fraud", q(server.adminToken()), id, REQUEST, KServeEvents.oipRequest(id)).assertProblem(403);
        // the header still works there, for any role that includes ingest
        assertEquals("waiting", KServeEvents.post(server, http, "fraud", null, id, REQUEST,
                KServeEvents.oipRequest(id)).assertStatus(200).json().path("state").asText());
    }

    @Test
    void onlyIngestTokensCanBeScopedToAModel() {
        http.post("/api/v1/tokens", Map.of("name", "e", "role", "editor", "model", "fraud")).assertProblem(422);
        http.post("/api/v1/tokens", Map.of("name", "i", "role", "ingest", "model", "Not A Model")).assertProblem(422);
        JsonNode list = http.get("/api/v1/tokens?size=1000").assertStatus(200).json();
        for (JsonNode t : list.path("items")) {
            assertFalse(t.path("name").asText().equals("e") || t.path("name").asText().equals("i"), list.toString());
        }
    }

    /** MLCTL_INGEST_TOKEN: registered once, hashed, by replicas starting at once and across restarts. */
    @Test
    void theBootstrapIngestTokenIsRegisteredOnceAcrossReplicasAndRestarts() throws Exception {
        String secret = "mlctl_ingest_" + UUID.randomUUID();
        Map<String, Object> p = new HashMap<>();
        p.put("mlctl.security.ingest-token", secret);
        List<CompletableFuture<ControlPlaneServer>> starting = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            starting.add(CompletableFuture.supplyAsync(() -> ControlPlaneServer.start(database, p)));
        }
        List<ControlPlaneServer> replicas = new ArrayList<>();
        try {
            for (CompletableFuture<ControlPlaneServer> f : starting) {
                replicas.add(f.join());
            }
            for (ControlPlaneServer replica : replicas) {
                String id = UUID.randomUUID().toString();
                assertEquals("waiting", KServeEvents.post(replica, replica.http(null), "other", q(secret), id, REQUEST,
                        KServeEvents.oipRequest(id)).assertStatus(200).json().path("state").asText());
                replica.http(secret).get("/api/v1/models").assertProblem(403);
            }
        } finally {
            replicas.forEach(ControlPlaneServer::close);
        }
        try (ControlPlaneServer again = ControlPlaneServer.start(database, p)) {
            again.http(secret).get("/api/v1/models").assertProblem(403);
        }
        try (Connection c = database.connect(); var s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT role, model, token_hash FROM api_token WHERE name = '"
                     + "ingest (MLCTL_INGEST_TOKEN)' AND created_at IS NOT NULL")) {
            int n = 0;
            while (rs.next()) {
                n++;
                assertEquals("ingest", rs.getString(1));
                assertEquals(null, rs.getString(2));
                assertFalse(rs.getString(3).contains(secret));
            }
            assertEquals(1, n);
        }
    }
}
