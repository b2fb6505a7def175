package io.mlctl.controlplane.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.controlplane.ingest.Registry;
import io.mlctl.controlplane.ingest.SampleData;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestDatabase;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two control-plane processes on one PostgreSQL ingest batches of the same windows at the same time, each batch sent
 * to both (the same key racing in two processes), while both run their window closers: every row is counted exactly
 * once in the reports, each key is stored once, and each window is closed by exactly one of them.
 */
class ScaleOutTest {

    @Test
    void twoProcessesCountEveryRowExactlyOnce() throws Exception {
        Map<String, Object> p = Map.of("mlctl.drift.window", "2s", "mlctl.drift.grace", "5s",
                "mlctl.drift.close-interval", "100ms", "mlctl.drift.close-initial-delay", "0s");
        try (TestDatabase db = TestDatabase.postgres();
             ControlPlaneServer a = ControlPlaneServer.start(db, p);
             ControlPlaneServer b = ControlPlaneServer.start(db, p)) {
            TestHttp http = a.http();
            Registry.modelWithVersion(http, "scale");
            http.send("PUT", "/api/v1/models/scale/versions/1/profile", "text/csv", SampleData.referenceCsv(2000, 1))
                    .assertStatus(200);
            int batches = 60;
            int rows = 200;
            AtomicLong acknowledgedRows = new AtomicLong();
            AtomicLong firstAcks = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < batches; i++) {
                String body = SampleData.samples(rows, i, i % 2 == 0 ? 0 : 1.0, Instant.now());
                String key = "scale-" + i;
                for (ControlPlaneServer target : List.of(a, b)) {
                    work.add(pool.submit(() -> {
                        TestHttp.Response r = send(target, key, body);
                        assertEquals(200, r.status(), () -> r.detail()); // the detail, not 100 row errors
                        JsonNode ack = r.json();
                        if (!ack.path("duplicate").asBoolean()) {
                            firstAcks.incrementAndGet();
                            acknowledgedRows.addAndGet(ack.path("accepted").asLong());
                        }
                    }));
                }
                Thread.sleep(40); // spread over a few windows, so closes run while batches arrive
            }
            for (Future<?> f : work) {
                f.get();
            }
            pool.shutdown();
            assertEquals(batches, firstAcks.get(), "each key stored by exactly one process");
            assertEquals((long) batches * rows, acknowledgedRows.get());

            long deadline = System.currentTimeMillis() + 30_000;
            long reported = 0;
            while (System.currentTimeMillis() < deadline) {
                reported = sum(db, "SELECT COALESCE(SUM(rows_total), 0) FROM drift_report WHERE granularity = 'window'");
                if (reported >= acknowledgedRows.get() && sum(db, "SELECT COUNT(*) FROM drift_window WHERE "
                        + "granularity = 'window' AND state = 'OPEN'") == 0) {
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals(acknowledgedRows.get(), reported, "every acknowledged row in exactly one report");
            assertEquals(batches, sum(db, "SELECT COUNT(*) FROM ingest_batch"));
            assertEquals(sum(db, "SELECT COUNT(*) FROM drift_window WHERE granularity = 'window'"),
                    sum(db, "SELECT COUNT(*) FROM drift_report WHERE granularity = 'window'"), "one report per window");
            assertEquals(0, sum(db, "SELECT COUNT(*) FROM drift_partial p JOIN drift_window w ON p.window_id = w.id "
                    + "WHERE w.granularity = 'window'"), "partials of closed windows are merged and removed");
            assertTrue(sum(db, "SELECT COUNT(*) FROM drift_window WHERE granularity = 'window'") >= 2);
        }
    }

    private static TestHttp.Response send(ControlPlaneServer target, String key, String body) {
        return target.http().send(HttpRequest.newBuilder(target.url().resolve("/api/v1/models/scale/versions/1/samples"))
                .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static long sum(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
