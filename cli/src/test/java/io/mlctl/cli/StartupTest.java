package io.mlctl.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A command builds and loads only what it needs: one command group, and no Kubernetes, YAML or sketch libraries. */
class StartupTest {

    @Test
    void everyGroupIsRegisteredUnderItsOwnName() {
        for (String name : Mlctl.GROUPS) {
            Class<?> group = Mlctl.group(name);
            assertNotNull(group, name);
            assertEquals(name, group.getAnnotation(CommandLine.Command.class).name(), "the table and the class agree");
        }
        assertEquals(Mlctl.GROUPS, List.copyOf(Mlctl.commandLine().getSubcommands().keySet()));
    }

    @Test
    void argumentsNamingOneGroupBuildOnlyThatOne() {
        assertEquals(List.of("models"), List.copyOf(Mlctl.commandLine("models", "list").getSubcommands().keySet()));
        assertEquals(List.of("models"),
                List.copyOf(Mlctl.commandLine("--context", "prod", "-q", "models", "list").getSubcommands().keySet()));
        assertTrue(Mlctl.commandLine("--version").getSubcommands().isEmpty());
        assertEquals(Mlctl.GROUPS, List.copyOf(Mlctl.commandLine().getSubcommands().keySet()));
        assertEquals(Mlctl.GROUPS, List.copyOf(Mlctl.commandLine("--help").getSubcommands().keySet()));
        assertEquals(Mlctl.GROUPS, List.copyOf(Mlctl.commandLine("help", "models").getSubcommands().keySet()));
        assertEquals(Mlctl.GROUPS, List.copyOf(Mlctl.commandLine("modles").getSubcommands().keySet()),
                "an unknown command gets picocli's suggestions from all of them");
    }

    @Test
    void aShortCommandLoadsNoHeavyLibrary() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load:stdout", "-Dmlctl.config=" + Path.of("target", "no-contexts-file.yaml").toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"), Mlctl.class.getName(),
                "models", "list", "--server", "http://127.0.0.1:1", "--token", "t"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(3, p.exitValue(), "unreachable");
        assertTrue(log.contains("io.mlctl.cli.registry.ModelsCommand "), "the log lists loaded classes");
        for (String heavy : List.of("io.fabric8.", "org.yaml.snakeyaml.", "org.apache.datasketches.", "io.mlctl.cli.rollout.",
                "io.mlctl.cli.experiment.", "jdk.internal.net.http.", "sun.security.ssl.SSLContextImpl ")) {
            assertFalse(log.contains("] " + heavy), heavy + " is loaded by 'models list'");
        }
    }
}
