package io.mlctl.cli.config;

import io.mlctl.cli.CliRun;
import io.mlctl.cli.Mlctl;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mlctl config} contexts, and which server and token a command uses: flags, then MLCTL_SERVER/MLCTL_TOKEN,
 * then the context. The precedence cases run mlctl as a process, since only a process has an environment of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContextsTest {
    private static final String DOWN = "http://127.0.0.1:1";
    private TestDatabase db;
    private ControlPlaneServer server;
    private String before;
    @TempDir
    Path dir;
    private Path config;

    @BeforeAll
    void start() {
        db = TestDatabase.h2();
        server = ControlPlaneServer.start(db);
    }

    @AfterAll
    void stop() {
        server.close();
        db.close();
    }

    @BeforeEach
    void ownConfig() throws IOException {
        // in-process commands see this JVM's environment: MLCTL_SERVER/MLCTL_TOKEN would win over every context
        Assumptions.assumeTrue(System.getenv("MLCTL_SERVER") == null && System.getenv("MLCTL_TOKEN") == null,
                "MLCTL_SERVER or MLCTL_TOKEN is set in the environment of the build");
        config = Files.createTempDirectory(dir, "home").resolve("nested").resolve("config.yaml");
        before = System.setProperty("mlctl.config", config.toString());
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty("mlctl.config");
        } else {
            System.setProperty("mlctl.config", before);
        }
    }

    private CliRun mlctl(String... args) {
        return CliRun.run(args);
    }

    /** mlctl in a JVM of its own with exactly this environment for MLCTL_* (and the contexts file of this test). */
    private CliRun process(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Mlctl.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("MLCTL_"));
        pb.environment().put("MLCTL_CONFIG", config.toString());
        pb.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "mlctl did not finish");
        return new CliRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void contextsAreKeptOwnerOnlyAndManagedLikeKubeconfig() throws IOException {
        CliRun set = mlctl("config", "set-context", "local", "--server", server.url().toString(), "--token", server.adminToken());
        assertEquals(0, set.exit(), set.err());
        assertTrue(set.out().contains("context local created and is now the current one"), set.out());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(config));
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(config.getParent()));
        assertFalse(Files.exists(config.resolveSibling("config.yaml.tmp")));

        assertEquals(0, mlctl("config", "set-context", "down", "--server", DOWN).exit());
        assertEquals("local", mlctl("config", "current-context").out().trim(), "a second context does not become current");
        CliRun list = mlctl("config", "get-contexts");
        assertTrue(list.out().matches("(?s).*\\*\\s+local\\s+" + server.url() + "\\s+\\(set\\).*"), list.out());
        assertTrue(list.out().matches("(?s).*\\n\\s*down\\s+" + DOWN + "\\s+\\(none\\).*"), list.out());
        assertFalse(list.out().contains(server.adminToken()), "tokens are never shown");
        CliRun json = mlctl("config", "get-contexts", "-o", "json");
        assertTrue(json.out().contains("\"hasToken\" : true") && !json.out().contains(server.adminToken()), json.out());

        // the current context serves commands without flags; --context picks another one for one command
        assertEquals(0, mlctl("models", "create", "ctx-model").exit());
        CliRun other = mlctl("--context", "down", "models", "list");
        assertEquals(ExitCodes.UNREACHABLE, other.exit());
        assertTrue(other.err().contains(DOWN), other.err());
        assertEquals(ExitCodes.UNREACHABLE, mlctl("models", "list", "--context", "down").exit(), "after the command too");

        assertEquals(0, mlctl("config", "use-context", "down").exit());
        assertEquals("down", mlctl("config", "current-context").out().trim());
        assertEquals(ExitCodes.NOT_FOUND, mlctl("config", "use-context", "nope").exit());
        CliRun missing = mlctl("--context", "nope", "models", "list", "--server", server.url().toString());
        assertEquals(ExitCodes.USAGE, missing.exit(), "a context named on the command line must exist");
        assertTrue(missing.err().contains("no context 'nope'"), missing.err());

        assertEquals(0, mlctl("config", "delete-context", "down").exit());
        assertEquals(ExitCodes.NOT_FOUND, mlctl("config", "current-context").exit(), "the deleted one was current");
        assertEquals(List.of("local"), CliConfig.load(config).contexts().stream().map(CliConfig.Context::name).toList());
        assertEquals(ExitCodes.USAGE, mlctl("config", "set-context", "new").exit(), "a new context needs a server");
        assertEquals(ExitCodes.USAGE, mlctl("config", "set-context", "bad", "--server", "localhost:8080").exit());
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverTheContext() throws Exception {
        String url = server.url().toString();
        String admin = server.adminToken();
        assertEquals(0, mlctl("config", "set-context", "good", "--server", url, "--token", admin).exit());
        assertEquals(0, mlctl("config", "set-context", "bad-token", "--server", url, "--token", "mlctl_wrong").exit());

        CliRun fromContext = process(Map.of(), "models", "list");
        assertEquals(0, fromContext.exit(), fromContext.err());

        CliRun envServer = process(Map.of("MLCTL_SERVER", DOWN), "models", "list");
        assertEquals(ExitCodes.UNREACHABLE, envServer.exit(), "MLCTL_SERVER wins over the context's server");
        assertTrue(envServer.err().contains(DOWN), envServer.err());

        CliRun flagServer = process(Map.of("MLCTL_SERVER", DOWN), "models", "list", "--server", url);
        assertEquals(0, flagServer.exit(), "--server wins over MLCTL_SERVER: " + flagServer.err());

        CliRun envToken = process(Map.of("MLCTL_TOKEN", "mlctl_wrong"), "models", "list");
        assertEquals(ExitCodes.FAILED, envToken.exit(), "MLCTL_TOKEN wins over the context's token");
        assertTrue(envToken.err().contains("HTTP 401"), envToken.err());

        CliRun flagToken = process(Map.of("MLCTL_TOKEN", "mlctl_wrong"), "models", "list", "--token", admin);
        assertEquals(0, flagToken.exit(), "--token wins over MLCTL_TOKEN: " + flagToken.err());

        CliRun otherContext = process(Map.of(), "--context", "bad-token", "models", "list");
        assertEquals(ExitCodes.FAILED, otherContext.exit(), "--context picks that context's token");
        CliRun envOverOther = process(Map.of("MLCTL_TOKEN", admin), "--context", "bad-token", "models", "list");
        assertEquals(0, envOverOther.exit(), "the environment still wins over a named context: " + envOverOther.err());
    }
}
