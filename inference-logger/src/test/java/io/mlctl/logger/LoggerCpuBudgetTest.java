package io.mlctl.logger;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestDatabase;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real logger with a tiny CPU budget under load from several clients: it sheds sampled pairs (counted as dropped,
 * cpu_budget, and in /health) while every inference is still answered, and what it did log reaches the control plane
 * exactly: logged + shed = requests, stored rows = rows sent.
 */
class LoggerCpuBudgetTest {

    @Test
    void aTinyBudgetShedsPairsAndEveryInferenceIsAnswered() throws Exception {
        try (TestDatabase db = TestDatabase.h2();
             ControlPlaneServer cp = ControlPlaneServer.start(db, Map.of("mlctl.drift.window", "1h",
                     "mlctl.drift.grace", "10m"));
             ModelServer model = new ModelServer()) {
            TestHttp http = cp.http();
            int v = Harness.register(http, "budget", """
                    name: budget-features
                    features:
                      - {name: amount, type: numeric}
                    prediction: {name: score, type: numeric}
                    """);
            Harness.amountReference(http, "budget", v, 100);
            try (Harness.RunningLogger logger = new Harness.RunningLogger(Harness.loggerArgs(model.port(),
                    "kserve-v1", "budget", v, cp.url(), cp.adminToken(), "--logging-cpu-budget", "0.0001")
                    .toArray(String[]::new))) {
                assertTrue(logger.output().contains("CPU budget of the logging work 0.0001 of a core"),
                        logger.output());
                Harness.await("the schema", Duration.ofSeconds(60), () -> logger.output().contains("loaded"));

                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger answered = new AtomicInteger();
                ExecutorService clients = Executors.newFixedThreadPool(4);
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    int client = c;
                    running.add(clients.submit(() -> {
                        for (int i = 0; !stop.get(); i++) {
                            infer(logger, "c" + client + "-" + i); // asserts a 200 with the model's answer
                            answered.incrementAndGet();
                        }
                        return null;
                    }));
                }
                try {
                    // the budget is measured every second: the first windows over it start the shedding
                    Harness.await("pairs shed by the CPU budget", Duration.ofSeconds(90),
                            () -> shed(logger.metrics()) >= 20, logger::diagnostics);
                } finally {
                    stop.set(true);
                    clients.shutdown();
                }
                for (Future<?> f : running) {
                    f.get(); // rethrows a client's failed assertion: an inference not answered
                }
                int total = answered.get();

                Harness.await("the logger to settle", Duration.ofSeconds(120), () -> {
                    Map<String, Double> m = logger.metrics();
                    return Harness.value(m, "mlctl_logger_queue_depth") == 0
                            && outcomes(m) == total
                            && sent(m) + shed(m) == total;
                }, logger::diagnostics);
                Map<String, Double> m = logger.metrics();
                assertTrue(shed(m) > 0 && shed(m) < total, m.toString());
                assertEquals(shed(m), Harness.value(m, "mlctl_logger_requests_total{outcome=\"dropped\"}"));
                assertEquals(0, Harness.value(m, "mlctl_logger_samples_dropped_total{reason=\"queue_full\"}"));
                assertEquals((long) sent(m), Harness.storedRows(db, "budget", v));

                JsonNode health = ModelServer.JSON.readTree(Harness.get(
                        URI.create("http://127.0.0.1:" + logger.logger.adminPort() + "/health")).body());
                JsonNode budget = health.path("cpuBudget");
                assertEquals(0.0001, budget.path("budget").asDouble(), 1e-12, health.toString());
                assertEquals((long) shed(m), budget.path("shedTotal").asLong(), health.toString());
                assertTrue(budget.path("admittedShare").asDouble() > 0, health.toString());
            }
        }
    }

    /**
     * Requests that sampling excludes are never copied: a body over {@code --max-body-size} is counted too_large only
     * by the logger that samples it (the copy is what overflows), never by one at {@code --sample-rate 0}. No control
     * plane: before its schema a logger treats every call as an inference.
     */
    @Test
    void requestsThatSamplingExcludesAreNeverCopied() throws Exception {
        try (ModelServer model = new ModelServer()) {
            URI nowhere = URI.create("http://127.0.0.1:9");
            String body = "x".repeat(4096);
            try (Harness.RunningLogger none = new Harness.RunningLogger(Harness.loggerArgs(model.port(), "kserve-v1",
                    "m", 1, nowhere, "t", "--sample-rate", "0", "--max-body-size", "1024").toArray(String[]::new));
                 Harness.RunningLogger all = new Harness.RunningLogger(Harness.loggerArgs(model.port(), "kserve-v1",
                         "m", 1, nowhere, "t", "--sample-rate", "1", "--max-body-size", "1024")
                         .toArray(String[]::new))) {
                for (int i = 0; i < 5; i++) {
                    for (Harness.RunningLogger l : List.of(none, all)) {
                        HttpResponse<String> r = Harness.post(l.url("/echo"), "text/plain", body, "id-" + i);
                        assertEquals(200, r.statusCode());
                        assertEquals(body, r.body());
                    }
                }
                Harness.await("the outcomes", Duration.ofSeconds(60), () ->
                        Harness.value(none.metrics(), "mlctl_logger_requests_total{outcome=\"not_sampled\"}") == 5
                                && Harness.value(all.metrics(), "mlctl_logger_requests_total{outcome=\"undecodable\"}") == 5,
                        () -> none.diagnostics() + all.diagnostics());
                assertEquals(0, Harness.value(none.metrics(), "mlctl_logger_samples_dropped_total{reason=\"too_large\"}"));
                assertEquals(5, Harness.value(all.metrics(), "mlctl_logger_samples_dropped_total{reason=\"too_large\"}"));
            }
        }
    }

    private static double shed(Map<String, Double> m) {
        return Harness.value(m, "mlctl_logger_samples_dropped_total{reason=\"cpu_budget\"}");
    }

    private static double sent(Map<String, Double> m) {
        return Harness.value(m, "mlctl_logger_samples_sent_total");
    }

    private static double outcomes(Map<String, Double> m) {
        double sum = 0;
        for (String outcome : new String[] {"logged", "no_rows", "not_sampled", "undecodable", "dropped",
            "upstream_unavailable"}) {
            sum += Harness.value(m, "mlctl_logger_requests_total{outcome=\"" + outcome + "\"}");
        }
        return sum;
    }

    private static void infer(Harness.RunningLogger logger, String id) {
        HttpResponse<String> r = Harness.post(logger.url("/v1/models/budget:predict"), "application/json",
                "{\"instances\": [{\"amount\": 12.5, \"customer_age\": 40}]}", id);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("{\"predictions\":["), r.body());
    }
}
