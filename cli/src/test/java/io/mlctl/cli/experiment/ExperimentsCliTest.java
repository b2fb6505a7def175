package io.mlctl.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.CliRun;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.testsupport.ControlPlaneTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mlctl experiments ...} against the real control plane (H2 and PostgreSQL). */
class ExperimentsCliTest extends ControlPlaneTest {

    @TempDir
    Path dir;

    CliRun mlctl(String... args) {
        return CliRun.of(server.url(), server.adminToken(), args.length, args);
    }

    /** Experiments only take registered models and versions: fraud 1 and 2, production on 1 (once per server). */
    @BeforeEach
    void registerFraud() {
        if (mlctl("models", "get", "fraud").exit() == ExitCodes.NOT_FOUND) {
            assertEquals(0, mlctl("models", "create", "fraud").exit());
            for (int v = 1; v <= 2; v++) {
                assertEquals(0, mlctl("versions", "register", "fraud", "--artifact", "s3://m/fraud/" + v, "--runtime", "triton").exit());
            }
            assertEquals(0, mlctl("alias", "set", "fraud", "production", "1").exit());
        }
    }

    @Test
    void createFeedAndReadAnExperiment() throws Exception {
        CliRun created = mlctl("experiments", "create", "cli-a", "--model", "fraud", "--arm", "control=@production:50", "--arm", "treatment=2:50",
                "--metric", "conversion", "--baseline", "0.10", "--mde-relative", "0.20",
                "--guardrail", "latency-ms:mean:decrease:0.05", "--max-duration", "14d");
        assertEquals(0, created.exit(), created.err());
        assertTrue(created.out().matches("(?s).*samples\\s+control 0/3841, treatment 0/3841.*"), created.out());

        JsonNode got = mlctl("experiments", "get", "cli-a", "-o", "json").json();
        assertEquals("14d", got.path("maxDuration").asText());
        assertEquals("1", got.at("/arms/0/version").asText(), "the alias is resolved when the experiment is created");
        assertEquals("2", got.at("/arms/1/version").asText());
        assertTrue(mlctl("experiments", "list", "-o", "yaml").out().contains("id: cli-a"));
        assertTrue(mlctl("experiments", "list").out().contains("cli-a"));

        CliRun assigned = mlctl("experiments", "assign", "cli-a", "u1", "u2", "-o", "json");
        assertEquals(2, assigned.json().size());

        Path events = dir.resolve("events.ndjson");
        Files.writeString(events, """
                {"type":"exposure","unit":"u1","arm":"control"}
                {"type":"exposure","unit":"u2","arm":"treatment"}
                {"type":"metric","unit":"u2","arm":"treatment","metric":"conversion","value":1}
                """);
        CliRun sent = mlctl("experiments", "events", "send", "cli-a", events.toString(), "--no-progress", "-o", "json");
        assertEquals(0, sent.exit(), sent.err());
        assertEquals(2, sent.json().path("exposures").asInt());
        CliRun again = mlctl("experiments", "events", "send", "cli-a", events.toString(), "--no-progress", "-o", "json");
        assertTrue(again.json().path("duplicate").asBoolean(), "the same file is counted once");

        CliRun report = mlctl("experiments", "report", "cli-a");
        assertEquals(0, report.exit(), report.err());
        assertTrue(report.out().startsWith("VERDICT  KEEP_RUNNING"), report.out());
        assertTrue(report.out().contains("SAMPLES  control 1/3841, treatment 1/3841"), report.out());
        assertEquals("KEEP_RUNNING", mlctl("experiments", "report", "cli-a", "-o", "json").json().path("verdict").asText());
        assertEquals(2, mlctl("experiments", "report", "cli-a", "--fail-unless-ship").exit());

        Path html = dir.resolve("report.html");
        CliRun page = mlctl("experiments", "report", "cli-a", "--html", html.toString());
        assertEquals(0, page.exit(), page.err());
        String text = Files.readString(html);
        assertTrue(text.startsWith("<!DOCTYPE html>") && text.contains("id=\"verdict-label\">KEEP RUNNING"), text);

        CliRun stopped = mlctl("experiments", "stop", "cli-a", "--reason", "done");
        assertTrue(stopped.out().contains("stopped (done)"), stopped.out());
        CliRun closed = mlctl("experiments", "events", "send", "cli-a", events.toString(), "--no-progress", "--idempotency-key", "new");
        assertEquals(1, closed.exit());
        assertTrue(closed.err().contains("HTTP 409: experiment 'cli-a' is stopped (done)"), closed.err());
    }

    @Test
    void fromAFileAndBadInput() throws Exception {
        Path spec = dir.resolve("experiment.yaml");
        Files.writeString(spec, """
                name: cli-file
                model: fraud
                arms: [{name: control, weight: 90}, {name: treatment, weight: 10}]
                metrics:
                  - {name: revenue, type: mean, sigma: 35, mdeAbsolute: 2}
                alpha: 0.05
                power: 0.8
                """);
        CliRun created = mlctl("experiments", "create", "-f", spec.toString(), "-o", "json");
        assertEquals(0, created.exit(), created.err());
        assertEquals("mean", created.json().at("/metrics/0/type").asText());

        CliRun unregistered = mlctl("experiments", "create", "cli-ghost", "--model", "ghost", "--baseline", "0.1", "--mde-relative", "0.2");
        assertEquals(ExitCodes.NOT_FOUND, unregistered.exit());
        assertTrue(unregistered.err().contains("model 'ghost' does not exist"), unregistered.err());
        CliRun noVersion = mlctl("experiments", "create", "cli-v9", "--model", "fraud", "--arm", "control=1:50", "--arm", "treatment=9:50",
                "--baseline", "0.1", "--mde-relative", "0.2");
        assertEquals(1, noVersion.exit());
        assertTrue(noVersion.err().contains("arm 'treatment' version '9'"), noVersion.err());
        assertEquals(ExitCodes.NOT_FOUND, mlctl("experiments", "get", "cli-v9").exit());

        CliRun bad = mlctl("experiments", "create", "cli-bad", "--model", "fraud", "--baseline", "0.6", "--mde-relative", "0.8");
        assertEquals(1, bad.exit());
        assertEquals("mlctl: HTTP 422: metrics[0] baseline 0.6 with relative MDE 0.8 gives a treatment rate of 1.08, "
                + "outside (0,1); use a smaller MDE", bad.err().strip());

        Path events = dir.resolve("bad.ndjson");
        Files.writeString(events, "{\"type\":\"exposure\",\"unit\":\"u1\",\"arm\":\"treatmnt\"}\n{\"type\":\"exposure\",\"unit\":\"u2\"}\nnot json\n");
        CliRun rejected = mlctl("experiments", "events", "send", "cli-file", events.toString(), "--no-progress");
        assertEquals(1, rejected.exit());
        assertTrue(rejected.err().contains("line 1 (arm): unknown arm \"treatmnt\"; this experiment has control, treatment"), rejected.err());
        assertTrue(rejected.err().contains("line 3: not valid JSON"), rejected.err());
        assertTrue(rejected.err().contains("HTTP 422: 2 of 3 events are invalid and nothing was recorded"), rejected.err());

        assertEquals(4, mlctl("experiments", "report", "nope").exit());
        assertEquals(64, mlctl("experiments", "events", "send", "cli-file", dir.resolve("missing.ndjson").toString()).exit());
    }
}
