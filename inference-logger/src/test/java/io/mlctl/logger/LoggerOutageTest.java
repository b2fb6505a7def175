package io.mlctl.logger;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TcpProxy;
import io.mlctl.testsupport.TestDatabase;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control plane goes away for 30 s (its connection cut by a TCP proxy): every inference through the loggers is
 * still answered; a logger with room in its queue delivers every sample afterwards, one with a small queue drops the
 * oldest and counts them; and no batch is ever stored twice (the rows the control plane holds are exactly the rows the
 * loggers counted as sent), though batches in flight when the connection dropped were retried with their keys.
 */
class LoggerOutageTest {

    @Test
    void inferencesAreAnsweredThroughAnOutageAndSamplesArriveOnceAfterwards() throws Exception {
        try (TestDatabase db = TestDatabase.h2();
             // an hour's window (10 min grace): samples re-sent after the outage are never late
             ControlPlaneServer cp = ControlPlaneServer.start(db, Map.of("mlctl.drift.window", "1h",
                     "mlctl.drift.grace", "10m"));
             TcpProxy link = new TcpProxy("127.0.0.1", cp.url().getPort());
             ModelServer model = new ModelServer()) {
            TestHttp http = cp.http();
            int v1 = Harness.register(http, "outage", """
                    name: outage-features
                    features:
                      - {name: amount, type: numeric}
                    prediction: {name: score, type: numeric}
                    """);
            int v2 = http.post("/api/v1/models/outage/versions", Map.of("artifactUri", "s3://m/2", "runtime",
                    "custom", "schema", "outage-features")).assertStatus(201).json().path("version").asInt();
            Harness.amountReference(http, "outage", v1, 100);
            Harness.amountReference(http, "outage", v2, 100);
            URI server = URI.create("http://127.0.0.1:" + link.port());
            try (Harness.RunningLogger roomy = new Harness.RunningLogger(Harness.loggerArgs(model.port(), "kserve-v1",
                    "outage", v1, server, cp.adminToken(), "--batch-size", "7").toArray(String[]::new));
                 Harness.RunningLogger small = new Harness.RunningLogger(Harness.loggerArgs(model.port(), "kserve-v1",
                         "outage", v2, server, cp.adminToken(), "--queue-capacity", "5", "--batch-size", "2")
                         .toArray(String[]::new))) {
                Harness.await("the schemas", Duration.ofSeconds(60),
                        () -> roomy.output().contains("loaded") && small.output().contains("loaded"));
                int sent = 0;
                for (; sent < 10; sent++) {
                    infer(roomy, "a-" + sent);
                    infer(small, "b-" + sent);
                }
                // generous: on a loaded machine the control plane may answer 503 at first, and retries back off
                Harness.await("the first samples", Duration.ofSeconds(120),
                        () -> sent(roomy) == 10 && sent(small) == 10,
                        () -> roomy.diagnostics() + small.diagnostics());

                link.cut();
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < until) {
                    infer(roomy, "a-" + sent); // each asserts a 200 with the model's answer
                    infer(small, "b-" + sent);
                    sent++;
                    Thread.sleep(200);
                }
                JsonNode health = ModelServer.JSON.readTree(Harness.get(
                        URI.create("http://127.0.0.1:" + roomy.logger.adminPort() + "/health")).body());
                assertTrue(health.path("lastSend").path("status").asText().startsWith("retrying"), health.toString());
                assertTrue(health.path("queueDepth").asInt() > 0, health.toString());
                link.restore();

                int total = sent;
                Harness.await("every sample of the roomy logger", Duration.ofSeconds(180),
                        () -> sent(roomy) == total, roomy::diagnostics);
                Harness.await("the small logger to settle", Duration.ofSeconds(180), () -> {
                    Map<String, Double> m = small.metrics();
                    return Harness.value(m, "mlctl_logger_queue_depth") == 0
                            && sent(small) + dropped(m) == total;
                }, small::diagnostics);
                Map<String, Double> m = small.metrics();
                assertTrue(dropped(m) > 0, "the small queue dropped its oldest: " + m);
                assertEquals(dropped(m), Harness.value(m, "mlctl_logger_requests_total{outcome=\"dropped\"}"));
                // exactly once in the control plane: no batch doubled by its retries
                assertEquals(total, Harness.storedRows(db, "outage", v1));
                assertEquals(total, Harness.pairings(db, "outage", v1).size());
                assertEquals(sent(small), Harness.storedRows(db, "outage", v2));
                assertEquals(sent(small), Harness.pairings(db, "outage", v2).size());
                // the newest requests are the ones kept
                assertTrue(Harness.pairings(db, "outage", v2).containsKey("b-" + (total - 1)));
            }
        }
    }

    private static long sent(Harness.RunningLogger l) {
        return (long) Harness.value(l.metrics(), "mlctl_logger_samples_sent_total");
    }

    private static double dropped(Map<String, Double> m) {
        return Harness.value(m, "mlctl_logger_samples_dropped_total{reason=\"queue_full\"}");
    }

    private static void infer(Harness.RunningLogger logger, String id) {
        HttpResponse<String> r = Harness.post(logger.url("/v1/models/outage:predict"), "application/json",
                "{\"instances\": [{\"amount\": 12.5, \"customer_age\": 40}]}", id);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("{\"predictions\":["), r.body());
    }
}
