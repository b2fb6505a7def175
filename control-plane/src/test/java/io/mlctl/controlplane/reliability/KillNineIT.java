package io.mlctl.controlplane.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.controlplane.ingest.Registry;
import io.mlctl.controlplane.ingest.SampleData;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of the real server process in the middle of a stream of batches, then a restart on the same data
 * directory (the embedded H2 file of {@code mlctl server}) and a re-send of every batch with its key, as a client
 * that did not get all its answers does: every acknowledged batch is there exactly once, the unacknowledged ones are
 * stored by the re-send, and the windows' reports count every row once.
 */
class KillNineIT {
    private static final String TOKEN = "mlctl_it_admin_token_0123456789";

    @Test
    void acknowledgedBatchesSurviveKillNineExactlyOnce(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        List<String> options = List.of("--data-dir", data.toString(), "--drift-window", "10s", "--drift-grace", "5s");
        Map<String, String> env = Map.of("MLCTL_ADMIN_TOKEN", TOKEN);
        int batches = 40;
        int rows = 250;
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            // no timestamps: rows fall in the window of their arrival, so a batch re-sent after the restart is
            // never late
            bodies.add(SampleData.samples(rows, i, 0.3, null));
        }
        Map<Integer, Long> acknowledged = new HashMap<>();
        try (ServerProcess first = ServerProcess.start(options, env, dir.resolve("first.log"))) {
            TestHttp http = new TestHttp(first.url(), TOKEN);
            Registry.modelWithVersion(http, "k9");
            http.send("PUT", "/api/v1/models/k9/versions/1/profile", "text/csv", SampleData.referenceCsv(2000, 1))
                    .assertStatus(200);
            // a client streams batches; the server is killed once a few of them are acknowledged
            Map<Integer, Long> acks = java.util.Collections.synchronizedMap(acknowledged);
            Thread client = new Thread(() -> {
                for (int i = 0; i < batches; i++) {
                    try {
                        TestHttp.Response r = send(http, first.url(), i, bodies.get(i));
                        if (r.status() == 200) {
                            acks.put(i, r.json().path("accepted").asLong());
                        }
                    } catch (UncheckedIOException connectionLost) {
                        return; // the server died under this batch: its fate is unknown to the client
                    }
                }
            });
            client.start();
            long until = System.currentTimeMillis() + 60_000;
            while (acks.size() < 8 && client.isAlive() && System.currentTimeMillis() < until) {
                Thread.sleep(5);
            }
            first.kill9();
            client.join();
        }
        assertTrue(!acknowledged.isEmpty() && acknowledged.size() < batches,
                "the kill should land mid-stream; acknowledged " + acknowledged.size());

        try (ServerProcess second = ServerProcess.start(options, env, dir.resolve("second.log"))) {
            TestHttp http = new TestHttp(second.url(), TOKEN);
            long newRows = 0;
            for (int i = 0; i < batches; i++) {
                TestHttp.Response r = send(http, second.url(), i, bodies.get(i));
                assertEquals(200, r.status(), r::detail);
                JsonNode ack = r.json();
                if (acknowledged.containsKey(i)) {
                    assertTrue(ack.path("duplicate").asBoolean(), "batch " + i + " was acknowledged before the kill");
                    assertEquals(acknowledged.get(i), ack.path("accepted").asLong());
                } else if (!ack.path("duplicate").asBoolean()) {
                    newRows += ack.path("accepted").asLong();
                }
            }
            long expected = (long) batches * rows;
            long deadline = System.currentTimeMillis() + 90_000;
            long reported = 0;
            while (System.currentTimeMillis() < deadline) {
                JsonNode page = http.get("/api/v1/models/k9/drift?version=1&size=100").json();
                reported = 0;
                for (JsonNode r : page.path("items")) {
                    reported += r.path("rows").asLong();
                }
                if (reported >= expected) {
                    break;
                }
                Thread.sleep(1000);
            }
            assertEquals(expected, reported, "every batch counted exactly once in the window reports ("
                    + acknowledged.size() + " acknowledged before the kill, " + newRows + " rows stored after)");
            String metrics = http.get("/metrics").body();
            assertTrue(metrics.contains("mlctl_samples_ingested_total{model=\"k9\",version=\"1\"} " + (double) newRows),
                    "the restarted process counts only what it stored");
        }
    }

    private static TestHttp.Response send(TestHttp http, java.net.URI base, int i, String body) {
        return http.send(HttpRequest.newBuilder(base.resolve("/api/v1/models/k9/versions/1/samples"))
                .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", "k9-batch-" + i)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
