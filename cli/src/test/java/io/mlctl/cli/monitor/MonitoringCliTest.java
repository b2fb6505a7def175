package io.mlctl.cli.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.CliRun;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.cli.support.Printer;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The monitoring commands as a user runs them against a control plane with short windows: profiles upload/get,
 * samples send (twice: the re-run stores nothing new), drift status/report, retrain set-policy/list/trigger, and
 * {@code mlctl demo} against that server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringCliTest {
    private TestDatabase db;
    private ControlPlaneServer server;
    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        db = TestDatabase.h2();
        server = ControlPlaneServer.start(db, Map.of("mlctl.drift.window", "2s", "mlctl.drift.grace", "1s",
                "mlctl.drift.close-interval", "200ms", "mlctl.drift.close-initial-delay", "0s",
                "mlctl.retrain.dispatch-interval", "300ms"));
    }

    @AfterAll
    void stop() {
        server.close();
        db.close();
    }

    private CliRun mlctl(String... args) {
        return CliRun.of(server.url(), server.adminToken(), args[0].equals("demo") ? 1 : 2, args);
    }

    @Test
    void profilesSamplesDriftAndRetrainCommands() throws Exception {
        Path schema = Files.writeString(dir.resolve("s.yaml"), """
                name: cli-features
                features:
                  - {name: amount, type: numeric, min: 0, required: true}
                prediction: {name: score, type: numeric, min: 0, max: 1}
                """);
        assertEquals(0, mlctl("schemas", "push", schema.toString()).exit());
        assertEquals(0, mlctl("models", "create", "cli").exit());
        assertEquals(0, mlctl("versions", "register", "cli", "--artifact", "s3://x", "--runtime", "custom",
                "--schema", "cli-features@1").exit());

        Random r = new Random(1);
        StringBuilder csv = new StringBuilder("amount,score\n");
        for (int i = 0; i < 3000; i++) {
            csv.append(String.format(Locale.ROOT, "%.3f,%.4f%n", 10 + r.nextGaussian(), r.nextDouble() * 0.5));
        }
        Path train = Files.writeString(dir.resolve("train.csv"), csv);
        CliRun up = mlctl("profiles", "upload", "cli", "1", train.toString(), "--no-progress");
        assertEquals(0, up.exit(), up.err());
        assertTrue(up.out().contains("3000 rows"), up.out());
        CliRun get = mlctl("profiles", "get", "cli", "1", "-o", "json");
        assertEquals(3000, get.json().path("rows").asLong());

        StringBuilder nd = new StringBuilder();
        for (int i = 0; i < 2500; i++) {
            nd.append(String.format(Locale.ROOT, "{\"features\":{\"amount\":%.3f},\"prediction\":%.4f}%n",
                    13 + r.nextGaussian(), 0.5 + r.nextDouble() * 0.5));
        }
        Path traffic = Files.writeString(dir.resolve("traffic.ndjson"), nd);
        CliRun send = mlctl("samples", "send", "cli", "1", traffic.toString(), "--batch-size", "1000", "--no-progress",
                "-o", "json");
        assertEquals(0, send.exit(), send.err());
        assertEquals(3, send.json().path("batches").asInt());
        assertEquals(2500, send.json().path("accepted").asLong());
        CliRun again = mlctl("samples", "send", "cli", "1", traffic.toString(), "--batch-size", "1000", "--no-progress",
                "-o", "json");
        assertEquals(0, again.json().path("accepted").asLong(), "a re-run is deduplicated");
        assertEquals(3, again.json().path("duplicateBatches").asInt());

        Path bad = Files.writeString(dir.resolve("bad.ndjson"), "{\"features\":{\"amount\":1}}\n{\"features\":{}}\n");
        CliRun rejected = mlctl("samples", "send", "cli", "1", bad.toString(), "--no-progress");
        assertEquals(ExitCodes.FAILED, rejected.exit());
        assertTrue(rejected.err().contains("line 2"), rejected.err());

        CliRun policy = mlctl("retrain", "set-policy", "cli", "--webhook", "http://127.0.0.1:9/hook", "--secret", "s",
                "--on", "psi>=0.25", "--cooldown", "10m", "-o", "json");
        assertEquals(0, policy.exit(), policy.err());
        assertTrue(policy.json().path("secretSet").asBoolean());
        assertEquals(ExitCodes.FAILED, mlctl("retrain", "set-policy", "cli", "--on", "psi>>").exit());

        long deadline = System.currentTimeMillis() + 20_000;
        CliRun status;
        do {
            Thread.sleep(300);
            status = mlctl("drift", "status", "cli", "--version", "1", "-o", "json");
        } while (status.json().path("items").isEmpty() && System.currentTimeMillis() < deadline);
        long id = status.json().path("items").get(0).path("id").asLong();
        CliRun table = mlctl("drift", "status", "cli", "--fail-on-drift");
        assertEquals(ExitCodes.CHECK_FAILED, table.exit(), table.out() + table.err());
        CliRun report = mlctl("drift", "report", String.valueOf(id));
        assertEquals(0, report.exit(), report.err());
        assertTrue(report.out().contains("__prediction__") && report.out().contains("DATASET DRIFT"), report.out());

        CliRun manual = mlctl("retrain", "trigger", "cli", "--version", "1", "--note", "by hand", "-o", "json");
        assertEquals(0, manual.exit(), manual.err());
        CliRun list = mlctl("retrain", "list", "cli", "-o", "json");
        assertTrue(list.json().path("items").size() >= 1, list.out());
        CliRun listTable = mlctl("retrain", "list", "cli");
        assertTrue(listTable.out().contains("manual"), listTable.out());
    }

    @Test
    void demoRunsAgainstAServer() {
        CliRun demo = mlctl("demo", "--model", "demo-cli", "--timeout", "120");
        assertEquals(0, demo.exit(), demo.out() + demo.err());
        assertTrue(demo.out().contains("DATASET DRIFT"), demo.out());
        assertTrue(demo.out().contains("signature VALID"), demo.out());
    }
}
