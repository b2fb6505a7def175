package io.mlctl.logger;

import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TcpProxy;
import io.mlctl.testsupport.TestDatabase;
import io.mlctl.testsupport.TestHttp;
import io.mlctl.testsupport.WatchedProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged logger ({@code java -jar target/inference-logger.jar}, what {@code bin/mlctl logger} and the image
 * run) as its own process: an undecodable body passes through byte for byte and is counted; then, with the control
 * plane cut off and pairs queued, {@code kill -9}: the process loses what it held (its queue and the batch it was
 * retrying, never more), and a new process delivers its own samples under new keys.
 */
class LoggerKillNineIT {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");
    private static final Pattern ADMIN = Pattern.compile("metrics on http://[^:]+:(\\d+)/metrics");
    private static final Pattern LOADED = Pattern.compile("^(?=.*schema)(?=.*loaded)");
    private static final int CAPACITY = 20;
    private static final int BATCH = 5;

    /** The logger as a process, with the ports it printed. */
    private record LoggerProcess(WatchedProcess watched, int port, int adminPort) {
        URI url(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        Map<String, Double> metrics() {
            return Harness.metrics(adminPort);
        }

        Process process() {
            return watched.process();
        }

        void kill9() throws InterruptedException {
            watched.kill9();
        }
    }

    private static LoggerProcess start(List<String> args, Path log) throws Exception {
        Path jar = Path.of("target", "inference-logger.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run this as an integration test (mvn verify)");
        }
        List<String> cmd = new ArrayList<>(List.of(WatchedProcess.java(), "-Xmx64m", "-XX:+UseSerialGC", "-jar",
                jar.toString()));
        cmd.addAll(args);
        WatchedProcess p = WatchedProcess.start("the logger", cmd, Map.of(), List.of(), log);
        LoggerProcess started = new LoggerProcess(p, p.awaitPort(LISTENING), p.awaitPort(ADMIN));
        p.await(LOADED, Duration.ofSeconds(120));
        return started;
    }

    @Test
    void killNineLosesAtMostTheQueueAndUndecodableBodiesPassByteForByte(@TempDir Path dir) throws Exception {
        try (TestDatabase db = TestDatabase.h2();
             ControlPlaneServer cp = ControlPlaneServer.start(db, Map.of("mlctl.drift.window", "1h",
                     "mlctl.drift.grace", "10m"));
             TcpProxy link = new TcpProxy("127.0.0.1", cp.url().getPort());
             ModelServer model = new ModelServer()) {
            TestHttp http = cp.http();
            int v = Harness.register(http, "k9", """
                    name: k9-features
                    features:
                      - {name: amount, type: numeric}
                    prediction: {name: score, type: numeric}
                    """);
            Harness.amountReference(http, "k9", v, 100);
            List<String> args = Harness.loggerArgs(model.port(), "kserve-v1", "k9", v,
                    URI.create("http://127.0.0.1:" + link.port()), cp.adminToken(), "--queue-capacity",
                    String.valueOf(CAPACITY), "--batch-size", String.valueOf(BATCH));
            args.removeAll(List.of("--io-threads", "2")); // the default, as a user runs it
            LoggerProcess first = start(args, dir.resolve("first.log"));
            try {
                for (int i = 0; i < 10; i++) {
                    infer(first, "k-" + i);
                }
                Harness.await("the first 10 samples", Duration.ofSeconds(60),
                        () -> uncheck(() -> Harness.storedRows(db, "k9", v) == 10));

                // a body no decoder can read: forwarded and answered byte for byte, counted undecodable
                byte[] garbage = new byte[64 * 1024 + 17];
                new Random(7).nextBytes(garbage);
                HttpResponse<byte[]> echoed = Harness.CLIENT.send(HttpRequest.newBuilder(
                                first.url("/v1/models/k9:predict")).header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(garbage)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, echoed.statusCode());
                assertArrayEquals(garbage, model.received.get(model.received.size() - 1), "what the model got");
                assertArrayEquals(garbage, echoed.body(), "what the client got back");
                Harness.await("the undecodable count", Duration.ofSeconds(30), () -> Harness.value(first.metrics(),
                        "mlctl_logger_requests_total{outcome=\"undecodable\"}") == 1);

                // control plane away: 60 more inferences, all answered; the logger holds what it can
                link.cut();
                int outage = 60;
                for (int i = 0; i < outage; i++) {
                    infer(first, "lost-" + i);
                }
                Harness.await("a full queue", Duration.ofSeconds(30),
                        () -> Harness.value(first.metrics(), "mlctl_logger_queue_depth") == CAPACITY);
                Map<String, Double> before = first.metrics();
                double dropped = Harness.value(before, "mlctl_logger_samples_dropped_total{reason=\"queue_full\"}");
                // what was not dropped (and counted) is held: the queue plus the batch being retried
                assertTrue(outage - dropped <= CAPACITY + BATCH, "held " + (outage - dropped) + ": " + before);
                first.kill9();
            } finally {
                first.process().destroyForcibly();
            }
            link.restore();
            LoggerProcess second = start(args, dir.resolve("second.log"));
            try {
                for (int i = 0; i < 5; i++) {
                    infer(second, "after-" + i);
                }
                Harness.await("the new process's samples", Duration.ofSeconds(60),
                        () -> uncheck(() -> Harness.storedRows(db, "k9", v) == 15));
                Map<String, Double> pairs = Harness.pairings(db, "k9", v);
                assertEquals(15, pairs.size());
                assertTrue(pairs.keySet().stream().noneMatch(k -> k.startsWith("lost-")), pairs.toString());
            } finally {
                // SIGTERM through the handle: Process.destroy() would also close our end of its stdout, losing the
                // lines it prints while stopping
                second.process().toHandle().destroy();
                assertTrue(second.process().waitFor(30, TimeUnit.SECONDS), "SIGTERM stops the logger");
            }
            // the log pump may still be copying the last lines
            Path log = dir.resolve("second.log");
            Harness.await("the goodbye line", Duration.ofSeconds(10), () -> read(log).contains("mlctl logger: stopped"),
                    () -> "\n" + read(log));
        }
    }

    private static void infer(LoggerProcess logger, String id) {
        HttpResponse<String> r = Harness.post(logger.url("/v1/models/k9:predict"), "application/json",
                "{\"instances\": [{\"amount\": 3.5, \"customer_age\": 20}]}", id);
        assertEquals(200, r.statusCode(), r.body());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
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
