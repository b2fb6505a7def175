package io.mlctl.logger;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The logger's JVM flags are stated in three places (bin/mlctl logger, the image's JAVA_TOOL_OPTIONS, the operator's
 * sidecar env): the footprint measured in docs/BENCHMARKS.md holds only while they are the same flags.
 */
class LaunchFlagsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static String find(Path file, String regex) throws Exception {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(Files.readString(file));
        assertTrue(m.find(), regex + " in " + file);
        return m.group(1).replaceAll("\"\\s*\\+\\s*\"", "").trim();
    }

    @Test
    void bin_mlctlTheImageAndTheOperatorGiveTheLoggerTheSameFlags() throws Exception {
        String launcher = find(ROOT.resolve("bin/mlctl"), "MLCTL_LOGGER_JAVA_OPTS:-([^}]*)}");
        String image = find(ROOT.resolve("inference-logger/pom.xml"), "<JAVA_TOOL_OPTIONS>([^<]*)</JAVA_TOOL_OPTIONS>");
        String operator = find(ROOT.resolve("rollout-operator/src/main/java/io/mlctl/operator/server/LoggerSidecar.java"),
                "JAVA_OPTIONS = \"(.*?)\";");
        assertEquals(launcher, image);
        // the operator adds where a read-only root filesystem lets the JVM write
        assertEquals(launcher + " -Djava.io.tmpdir=/tmp", operator);
        assertTrue(launcher.contains("-XX:+UseSerialGC") && launcher.contains("-Xmx"), launcher);
        assertTrue(Files.readString(ROOT.resolve("inference-logger/pom.xml")).contains("<MALLOC_ARENA_MAX>2</MALLOC_ARENA_MAX>"));
        assertTrue(Files.readString(ROOT.resolve("bin/mlctl")).contains("MALLOC_ARENA_MAX=\"${MALLOC_ARENA_MAX:-2}\""));
    }
}
