package io.mlctl.controlplane.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.testsupport.ControlPlaneTest;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenSecurityTest extends ControlPlaneTest {

    private String create(String name, String role) {
        return http.post("/api/v1/tokens", Map.of("name", name, "role", role)).assertStatus(201)
                .json().path("token").asText();
    }

    @Test
    void missingOrUnknownTokenIs401() {
        TestHttp.Response r = server.http(null).get("/api/v1/tokens").assertProblem(401);
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), r.headers().toString());
        server.http("mlctl_not-a-token").get("/api/v1/tokens").assertProblem(401);
    }

    @Test
    void rolesIncludeLowerOnesAndRejectHigherOnes() {
        String viewer = create("viewer-1", "viewer");
        String editor = create("editor-1", "editor");
        // tokens are admin-only: viewer and editor are authenticated but not allowed
        server.http(viewer).get("/api/v1/tokens").assertProblem(403);
        server.http(editor).post("/api/v1/tokens", Map.of("name", "x", "role", "viewer")).assertProblem(403);
        // the admin token has every role
        http.get("/api/v1/tokens").assertStatus(200);
    }

    @Test
    void secretsAreShownOnceAndStoredHashed() throws Exception {
        JsonNode created = http.post("/api/v1/tokens", Map.of("name", "ci", "role", "editor", "description", "CI"))
                .assertStatus(201).json();
        String secret = created.path("token").asText();
        assertTrue(secret.startsWith("mlctl_") && secret.length() > 40, secret);
        assertFalse(http.get("/api/v1/tokens?size=1000").body().contains(secret));
        try (var c = database.connect(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT token_hash FROM api_token WHERE id = " + created.path("info").path("id").asLong())) {
            rs.next();
            assertEquals(TokenService.hash(secret), rs.getString(1));
            assertFalse(rs.getString(1).contains(secret));
        }
    }

    @Test
    void revokedTokensStopWorkingAndTheRevocationIsAudited() {
        String editor = create("to-revoke", "editor");
        JsonNode list = http.get("/api/v1/tokens?size=1000").json();
        long id = -1;
        for (JsonNode t : list.path("items")) {
            if (t.path("name").asText().equals("to-revoke")) {
                id = t.path("id").asLong();
            }
        }
        server.http(editor).get("/api/v1/audit").assertStatus(200);
        JsonNode revoked = http.delete("/api/v1/tokens/" + id).assertStatus(200).json();
        assertTrue(revoked.hasNonNull("revokedAt"));
        server.http(editor).get("/api/v1/audit").assertProblem(401);
        JsonNode audit = http.get("/api/v1/audit?target=tokens/" + id).assertStatus(200).json();
        assertEquals("token.revoke", audit.path("items").path(0).path("action").asText(), audit.toString());
        assertTrue(audit.path("items").path(0).path("actor").asText().startsWith("admin"), audit.toString());
        http.delete("/api/v1/tokens/999999").assertProblem(404);
    }

    @Test
    void theLastAdminTokenCannotBeRevoked() {
        JsonNode list = http.get("/api/v1/tokens?size=1000").json();
        long activeAdmins = 0;
        long adminId = -1;
        for (JsonNode t : list.path("items")) {
            if (t.path("role").asText().equals("admin") && t.path("revokedAt").isMissingNode()) {
                activeAdmins++;
                adminId = t.path("id").asLong();
            }
        }
        assertEquals(1, activeAdmins, list.toString());
        http.delete("/api/v1/tokens/" + adminId).assertProblem(409);
        http.get("/api/v1/tokens").assertStatus(200);
    }

    @Test
    void healthMetricsAndOpenApiNeedNoToken() {
        TestHttp anonymous = server.http(null);
        assertEquals("UP", anonymous.get("/health").assertStatus(200).json().path("status").asText());
        assertTrue(anonymous.get("/metrics").assertStatus(200).body().contains("jvm_memory"));
        String openapi = anonymous.get("/openapi.yml").assertStatus(200).body();
        assertTrue(openapi.contains("/api/v1/tokens"), openapi);
    }
}
