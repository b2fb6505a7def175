package io.mlctl.controlplane.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.controlplane.ingest.Registry;
import io.mlctl.controlplane.ingest.SampleData;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL stops (immediate shutdown) while samples stream in: the server answers 503 with Retry-After, nothing
 * of the refused batch is written, and once the database is back the same batch (same key) is stored, once.
 */
class PostgresOutageIT {
    private static final String TOKEN = "mlctl_it_admin_token_outage_0123";

    @Test
    void ingestDuringOutageIs503ThenRecovers(@TempDir Path dir) throws Exception {
        Path bin = LocalPostgres.installation();
        Assumptions.assumeTrue(bin != null, "no PostgreSQL installation under /usr/lib/postgresql");
        try (LocalPostgres pg = LocalPostgres.start(bin);
             ServerProcess server = ServerProcess.start(List.of("--db-url", pg.jdbcUrl(), "--db-user", "mlctl",
                     "--drift-window", "1h"), Map.of("MLCTL_ADMIN_TOKEN", TOKEN), dir.resolve("server.log"))) {
            TestHttp http = new TestHttp(server.url(), TOKEN);
            Registry.modelWithVersion(http, "outage");
            http.send("PUT", "/api/v1/models/outage/versions/1/profile", "text/csv",
                    SampleData.referenceCsv(1000, 1)).assertStatus(200);
            for (int i = 0; i < 5; i++) {
                assertEquals(200, send(http, server.url(), "ok-" + i, SampleData.samples(100, i, 0, null)).status());
            }

            pg.stop();
            String body = SampleData.samples(100, 99, 0, null);
            TestHttp.Response refused = send(http, server.url(), "during-outage", body);
            refused.assertProblem(503);
            assertEquals("5", refused.headers().firstValue("Retry-After").orElse(""));
            assertFalse(refused.body().contains("jdbc:"), refused.body());

            pg.start();
            // a client retries the same key after Retry-After; the pool replaces its dead connections meanwhile
            long deadline = System.currentTimeMillis() + 30_000;
            TestHttp.Response retried;
            do {
                Thread.sleep(1000);
                retried = send(http, server.url(), "during-outage", body);
            } while (retried.status() == 503 && System.currentTimeMillis() < deadline);
            assertEquals(200, retried.status(), retried.body());
            JsonNode ack = retried.json();
            assertFalse(ack.path("duplicate").asBoolean(), "nothing of the refused batch was stored");
            assertEquals(100, ack.path("accepted").asInt());
            assertTrue(send(http, server.url(), "during-outage", body).json().path("duplicate").asBoolean());

            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "mlctl", "");
                 Statement s = c.createStatement()) {
                assertEquals(6, one(s, "SELECT COUNT(*) FROM ingest_batch"));
                assertEquals(600, one(s, "SELECT SUM(rows_accepted) FROM ingest_batch"));
                assertEquals(600, one(s, "SELECT SUM(rows_total) FROM drift_partial"));
                assertEquals(600, one(s, "SELECT SUM(rows_total) FROM drift_window WHERE granularity = 'window'"));
            }
        }
    }

    private static long one(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static TestHttp.Response send(TestHttp http, URI base, String key, String body) {
        return http.send(HttpRequest.newBuilder(base.resolve("/api/v1/models/outage/versions/1/samples"))
                .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
