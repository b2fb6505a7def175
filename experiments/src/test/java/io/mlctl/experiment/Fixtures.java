package io.mlctl.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The SciPy reference cases of shared/fixtures/experiments/cases.json (path from the system property mlctl.fixtures). */
final class Fixtures {
    private static JsonNode cases;

    private Fixtures() {
    }

    static synchronized JsonNode cases() {
        if (cases == null) {
            String dir = System.getProperty("mlctl.fixtures");
            if (dir == null) {
                throw new IllegalStateException("system property mlctl.fixtures is not set (the parent pom sets it for surefire)");
            }
            try {
                cases = new ObjectMapper().readTree(Path.of(dir, "experiments", "cases.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cases;
    }

    static List<JsonNode> section(String name) {
        List<JsonNode> out = new ArrayList<>();
        cases().get(name).forEach(out::add);
        if (out.isEmpty()) {
            throw new IllegalStateException("no fixture cases in section " + name);
        }
        return out;
    }

    /** Relative tolerance 1e-9, as the fixture README asks (absolute near zero). */
    static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, Math.max(1e-12, Math.abs(expected) * 1e-9), what);
    }
}
