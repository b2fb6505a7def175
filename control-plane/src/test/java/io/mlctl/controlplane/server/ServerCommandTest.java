package io.mlctl.controlplane.server;

import io.mlctl.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerCommandTest {

    private static Map<String, Object> parse(String... args) {
        ServerCommand cmd = new ServerCommand();
        ServerCommand.commandLine(cmd).parseArgs(args);
        return cmd.properties();
    }

    @Test
    void embeddedH2UnderTheDataDirByDefault() {
        Map<String, Object> p = parse("--port", "9123", "--data-dir", "/tmp/some dir");
        assertEquals(9123, p.get("micronaut.server.port"));
        assertEquals("jdbc:h2:file:" + Path.of("/tmp/some dir/mlctl") + DatabaseOptions.H2_OPTIONS
                        + DatabaseOptions.H2_FILE_OPTIONS,
                p.get("datasources.default.url"));
        assertEquals("org.h2.Driver", p.get("datasources.default.driver-class-name"));
    }

    @Test
    void externalDatabaseByUrl() {
        Map<String, Object> p = parse("--db-url", "jdbc:postgresql://db:5432/mlctl", "--db-user", "u",
                "--db-password", "pw", "--max-request-size", "1MB");
        assertEquals("jdbc:postgresql://db:5432/mlctl", p.get("datasources.default.url"));
        assertEquals("u", p.get("datasources.default.username"));
        assertEquals("pw", p.get("datasources.default.password"));
        assertEquals("org.postgresql.Driver", p.get("datasources.default.driver-class-name"));
        assertEquals("1MB", p.get("micronaut.server.max-request-buffer-size"));
        assertEquals("16GB", p.get("mlctl.ingest.max-upload-bytes"));
    }

    @Test
    void cloudEventPairingTimeout() {
        assertEquals("5m", parse().get("mlctl.cloudevents.pairing-timeout"));
        assertEquals("30s", parse("--cloudevent-pairing-timeout", "30s").get("mlctl.cloudevents.pairing-timeout"));
        CommandLine cl = ServerCommand.commandLine(new ServerCommand());
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(64, cl.execute("--cloudevent-pairing-timeout", "0s"));
        assertEquals(64, cl.execute("--cloudevent-pairing-timeout", "soon"));
    }

    @Test
    void portZeroPicksAFreePort() {
        assertEquals(-1, parse("--port", "0").get("micronaut.server.port"));
    }

    @Test
    void theServerUsesTheSameH2ModeAsTheTests() {
        assertEquals(TestDatabase.H2_OPTIONS, DatabaseOptions.H2_OPTIONS);
    }

    @Test
    void helpListsEveryOption() {
        StringWriter out = new StringWriter();
        CommandLine cl = ServerCommand.commandLine(new ServerCommand());
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--help"));
        for (String option : new String[]{"--port", "--data-dir", "--db-url", "--db-user", "--db-password",
                "--max-request-size", "--cloudevent-pairing-timeout", "MLCTL_ADMIN_TOKEN", "MLCTL_INGEST_TOKEN"}) {
            assertTrue(out.toString().contains(option), option + " in\n" + out);
        }
    }

    @Test
    void usageErrorsExitWith64() {
        CommandLine cl = ServerCommand.commandLine(new ServerCommand());
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(64, cl.execute("--port", "not-a-number"));
        assertFalse(new ServerCommand().started());
    }
}
