package io.mlctl.cli.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.CliRun;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One schema document, two judges: pushed to the registry, its warn/drift levels and dataset drift share come back
 * from the REST API and decide the control plane's window report; {@code mlctl drift compare --schema} on the same
 * document and the same data reaches the same verdicts. Under the product defaults they would differ (KS would
 * vote and b drift; two drifted features of five would not be dataset drift).
 */
class SchemaDriftAgreementTest {
    private static final long WINDOW_MS = 4000;
    private static final String SCHEMA = """
            name: agree-features
            features:
              - {name: a, type: numeric}
              - {name: b, type: numeric}
              - {name: c, type: numeric}
              - {name: d, type: numeric}
            prediction: {name: score, type: numeric}
            drift:
              default: {numeric: [psi]}
              thresholds: {psi: {warn: 0.03, drift: 1.0}}
              datasetDriftShare: 0.2
            """;
    @TempDir
    Path dir;

    @Test
    void theControlPlaneAndDriftCompareHonourTheSameSettings() throws Exception {
        try (TestDatabase db = TestDatabase.h2();
             ControlPlaneServer server = ControlPlaneServer.start(db, Map.of("mlctl.drift.window", "4s",
                     "mlctl.drift.grace", "1s", "mlctl.drift.close-interval", "200ms",
                     "mlctl.drift.close-initial-delay", "0s"))) {
            Path schema = Files.writeString(dir.resolve("agree.yaml"), SCHEMA);
            assertEquals(0, mlctl(server, "schemas", "push", schema.toString()).exit());
            JsonNode stored = mlctl(server, "schemas", "get", "agree-features@1", "-o", "json").json()
                    .path("schema").path("drift");
            assertEquals(0.2, stored.path("datasetDriftShare").asDouble(), stored.toString());
            assertEquals(0.03, stored.path("warn").path("psi").asDouble(), stored.toString());
            assertEquals(1.0, stored.path("thresholds").path("psi").asDouble(), stored.toString());
            assertEquals(0, mlctl(server, "models", "create", "agree").exit());
            assertEquals(0, mlctl(server, "versions", "register", "agree", "--artifact", "s3://x", "--runtime",
                    "custom", "--schema", "agree-features@1").exit());

            Random r = new Random(7);
            // a: shifted by 3 sd (PSI far above 1: drift); b: by 0.3 sd (PSI about 0.09: warn); c, d, score: as before
            Path train = Files.writeString(dir.resolve("train.csv"), csv(r, 4000, 0, 0));
            Path current = Files.writeString(dir.resolve("current.csv"), csv(r, 4000, 3, 0.3));
            CliRun up = mlctl(server, "profiles", "upload", "agree", "1", train.toString(), "--no-progress");
            assertEquals(0, up.exit(), up.err());

            // every sample in one window: start right after a window boundary, all with the same timestamp
            long now = System.currentTimeMillis();
            Thread.sleep(WINDOW_MS - now % WINDOW_MS + 50);
            Path samples = Files.writeString(dir.resolve("current.ndjson"), ndjson(current, Instant.now()));
            CliRun send = mlctl(server, "samples", "send", "agree", "1", samples.toString(), "--no-progress", "-o", "json");
            assertEquals(0, send.exit(), send.err());
            assertEquals(4000, send.json().path("accepted").asLong(), send.out());

            long deadline = System.currentTimeMillis() + 30_000;
            CliRun status;
            do {
                Thread.sleep(300);
                status = mlctl(server, "drift", "status", "agree", "--version", "1", "-o", "json");
            } while (status.json().path("items").isEmpty() && System.currentTimeMillis() < deadline);
            JsonNode items = status.json().path("items");
            assertEquals(1, items.size(), status.out());
            JsonNode report = mlctl(server, "drift", "report", items.get(0).path("id").asText(), "-o", "json").json();
            assertEquals(4000, report.path("rows").asLong(), report.toString());
            Map<String, String> served = verdicts(report.path("features"));
            assertEquals(Map.of("a", "drift", "b", "warn", "c", "ok", "d", "ok", "__prediction__", "ok"), served,
                    report.toString());
            assertTrue(report.path("datasetDrift").asBoolean(), "1 of 5 drifted >= the schema's share 0.2");

            for (String mode : List.of("exact", "streaming")) {
                CliRun compare = mlctl(null, "drift", "compare", train.toString(), current.toString(), "--schema",
                        schema.toString(), "--mode", mode, "-o", "json");
                assertEquals(0, compare.exit(), compare.err());
                assertEquals(served, verdicts(compare.json().path("features")), mode + ": " + compare.out());
                assertTrue(compare.json().path("dataset_drift").asBoolean(), compare.out());
            }
            // the product defaults disagree (KS votes: b drifts; 2 of 5 < 0.5), so the verdicts above are the schema's
            CliRun plain = mlctl(null, "drift", "compare", train.toString(), current.toString(), "-o", "json");
            assertEquals("drift", verdicts(plain.json().path("features")).get("b"), plain.out());
            assertFalse(plain.json().path("dataset_drift").asBoolean(), plain.out());
        }
    }

    private static String csv(Random r, int rows, double shiftA, double shiftB) {
        StringBuilder s = new StringBuilder("a,b,c,d,score\n");
        for (int i = 0; i < rows; i++) {
            s.append(String.format(Locale.ROOT, "%.5f,%.5f,%.5f,%.5f,%.5f%n", r.nextGaussian() + shiftA,
                    r.nextGaussian() + shiftB, r.nextGaussian(), r.nextGaussian() * 5, r.nextDouble()));
        }
        return s.toString();
    }

    /** The CSV's rows as samples (docs/DESIGN.md "Samples"), all at {@code ts}. */
    private static String ndjson(Path csv, Instant ts) throws IOException {
        StringBuilder s = new StringBuilder();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",");
            s.append(String.format(Locale.ROOT, "{\"ts\":\"%s\",\"features\":{\"a\":%s,\"b\":%s,\"c\":%s,\"d\":%s},"
                    + "\"prediction\":%s}%n", ts, v[0], v[1], v[2], v[3], v[4]));
        }
        return s.toString();
    }

    private static Map<String, String> verdicts(JsonNode features) {
        Map<String, String> m = new LinkedHashMap<>();
        features.forEach(f -> m.put(f.path("name").asText(), f.path("verdict").asText()));
        return m;
    }

    /** {@code mlctl} in-process (see {@link CompareCommandTest#run}); with a server, against it. */
    private static CliRun mlctl(ControlPlaneServer server, String... args) {
        List<Object> all = new ArrayList<>(List.of(args));
        if (server != null) {
            all.add(2, "--server=" + server.url());
            all.add(2, "--token=" + server.adminToken());
        }
        return CompareCommandTest.run(all.toArray());
    }
}
