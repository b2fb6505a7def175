package io.mlctl.cli.support;

import io.mlctl.cli.CliRun;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Progress bars (carriage returns on stderr) only where stderr is a terminal, as bin/mlctl reports it, and never with
 * {@code --quiet} or {@code --no-progress}: a log or a pipe gets the result lines only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProgressTest {
    private TestDatabase db;
    private ControlPlaneServer server;
    private Path samples;

    @BeforeAll
    void start() throws IOException {
        db = TestDatabase.h2();
        server = ControlPlaneServer.start(db);
        Path schema = Files.writeString(Files.createTempDirectory("mlctl-progress").resolve("s.yaml"), """
                name: progress-features
                features:
                  - {name: amount, type: numeric, min: 0, required: true}
                prediction: {name: score, type: numeric, min: 0, max: 1}
                """);
        assertEquals(0, run("schemas", "push", schema.toString()).exitCode);
        assertEquals(0, run("models", "create", "progress").exitCode);
        assertEquals(0, run("versions", "register", "progress", "--artifact", "s3://x", "--runtime", "custom",
                "--schema", "progress-features@1").exitCode);
        StringBuilder csv = new StringBuilder("amount,score\n");
        for (int i = 0; i < 500; i++) {
            csv.append(i).append(",0.5\n");
        }
        Path reference = Files.writeString(schema.resolveSibling("train.csv"), csv);
        Result profile = run("profiles", "upload", "progress", "1", reference.toString());
        assertEquals(0, profile.exitCode(), profile.stderr());
        assertFalse(profile.stderr().contains("\r"), "no bar for the upload either: " + profile.stderr());
        StringBuilder nd = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            nd.append(String.format(Locale.ROOT, "{\"features\":{\"amount\":%d},\"prediction\":0.5}%n", i));
        }
        samples = Files.writeString(Files.createTempDirectory("mlctl-progress").resolve("traffic.ndjson"), nd);
    }

    @AfterAll
    void stop() {
        server.close();
        db.close();
    }

    @AfterEach
    void noTerminal() {
        System.clearProperty(Progress.TTY_PROPERTY);
    }

    private record Result(int exitCode, String stderr) {
    }

    /** Runs mlctl in-process with System.err captured (where progress bars are drawn). */
    private Result run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CliRun r = CliRun.of(server.url(), server.adminToken(), args.length, args);
            return new Result(r.exit(), captured.toString(StandardCharsets.UTF_8) + r.err());
        } finally {
            System.setErr(err);
        }
    }

    private Result send(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("samples", "send", "progress", "1", samples.toString(),
                "--batch-size", "500"));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    @Test
    void noBarWhereStderrIsNotATerminal() {
        Result r = send();
        assertEquals(0, r.exitCode(), r.stderr());
        assertFalse(r.stderr().contains("\r"), "no carriage returns in a log or a pipe: " + r.stderr());
    }

    @Test
    void aBarOnATerminalUnlessQuietOrNoProgress() {
        System.setProperty(Progress.TTY_PROPERTY, "true");
        Result drawn = send();
        assertEquals(0, drawn.exitCode(), drawn.stderr());
        assertTrue(drawn.stderr().contains("\r") && drawn.stderr().contains("100%"), drawn.stderr());
        Result quiet = send("--quiet");
        assertEquals(0, quiet.exitCode(), quiet.stderr());
        assertEquals("", quiet.stderr());
        Result quietFirst = run("--quiet", "samples", "send", "progress", "1", samples.toString());
        assertEquals("", quietFirst.stderr(), "--quiet before the command as well");
        assertEquals("", send("--no-progress").stderr());
    }
}
