package io.mlctl.controlplane.drift;

import io.mlctl.controlplane.ingest.Registry;
import io.mlctl.controlplane.ingest.SampleData;
import io.mlctl.testsupport.ControlPlaneTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A close that fails half-way (after the report row was written) rolls back whole: the window stays OPEN with its
 * partials, no report is left behind, and the next run closes it with every row.
 */
class InterruptedCloseTest extends ControlPlaneTest {

    @Override
    protected Map<String, Object> serverProperties() {
        // the closer is driven by hand here
        return Map.of("mlctl.test.crash-first-close", "true", "mlctl.drift.window", "2s", "mlctl.drift.grace", "1s",
                "mlctl.drift.close-interval", "1h", "mlctl.drift.close-initial-delay", "1h");
    }

    @Test
    void interruptedCloseIsRolledBackAndDoneAgain() throws Exception {
        String model = "crash-" + kind.name().toLowerCase();
        Registry.modelWithVersion(http, model);
        http.send("PUT", "/api/v1/models/" + model + "/versions/1/profile", "text/csv",
                SampleData.referenceCsv(1000, 1)).assertStatus(200);
        for (int i = 0; i < 3; i++) {
            http.send(HttpRequest.newBuilder(server.url().resolve("/api/v1/models/" + model + "/versions/1/samples"))
                    .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", "b" + i)
                    .POST(HttpRequest.BodyPublishers.ofString(SampleData.samples(100, i, 0.5, Instant.now()))))
                    .assertStatus(200);
        }
        WindowCloser closer = server.bean(WindowCloser.class);
        Instant later = Instant.now().plusSeconds(10);
        try {
            closer.closeDue(later);
        } catch (RuntimeException expected) {
            assertTrue(expected.getMessage().contains("simulated crash"), expected.toString());
        }
        assertEquals(0, count("SELECT COUNT(*) FROM drift_report"));
        assertEquals(0, count("SELECT COUNT(*) FROM drift_window WHERE state = 'CLOSED'"));
        assertEquals(3, count("SELECT COUNT(*) FROM drift_partial"));

        closer.closeDue(later);
        assertEquals(300, count("SELECT SUM(rows_total) FROM drift_report WHERE granularity = 'window'"));
        assertEquals(0, count("SELECT COUNT(*) FROM drift_window WHERE granularity = 'window' AND state = 'OPEN'"));
        assertEquals(count("SELECT COUNT(*) FROM drift_window WHERE granularity = 'window'"),
                count("SELECT COUNT(*) FROM drift_report WHERE granularity = 'window'"));
    }

    private long count(String sql) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
