package io.mlctl.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One case of the shared SciPy fixtures {@code ../shared/fixtures/quality/cases.json} (located by the system property
 * {@code mlctl.fixtures} that the parent POM sets).
 */
record QualityFixture(String name, String task, JsonNode node) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<QualityFixture> all() {
        String p = System.getProperty("mlctl.fixtures");
        if (p == null) {
            throw new IllegalStateException("system property mlctl.fixtures is not set (run the tests through Maven)");
        }
        Path file = Path.of(p).resolve("quality").resolve("cases.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no quality fixtures at " + file.toAbsolutePath());
        }
        try {
            List<QualityFixture> cases = new ArrayList<>();
            for (JsonNode c : JSON.readTree(file.toFile()).path("cases")) {
                cases.add(new QualityFixture(c.path("case").asText(), c.path("task").asText(), c));
            }
            if (cases.isEmpty()) {
                throw new IllegalStateException("no cases in " + file);
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<QualityFixture> of(String task) {
        List<QualityFixture> cases = all().stream().filter(c -> c.task.equals(task)).toList();
        if (cases.isEmpty()) {
            throw new IllegalStateException("no " + task + " cases in the quality fixtures");
        }
        return cases;
    }

    JsonNode expected() {
        return node.path("expected");
    }

    double expected(String field) {
        JsonNode v = expected().path(field);
        if (!v.isNumber()) {
            throw new IllegalStateException(name + ": expected." + field + " is missing");
        }
        return v.asDouble();
    }

    double[] numbers(String field) {
        JsonNode a = node.path(field);
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).asDouble();
        }
        return d;
    }

    boolean[] binaryLabels() {
        JsonNode a = node.path("labels");
        boolean[] b = new boolean[a.size()];
        for (int i = 0; i < b.length; i++) {
            int v = a.get(i).asInt();
            if (v != 0 && v != 1) {
                throw new IllegalStateException(name + ": label " + v + " is not 0 or 1");
            }
            b[i] = v == 1;
        }
        return b;
    }

    String[] strings(String field) {
        JsonNode a = node.path(field);
        String[] s = new String[a.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = a.get(i).asText();
        }
        return s;
    }

    @Override
    public String toString() {
        return name;
    }
}
