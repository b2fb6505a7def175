package io.mlctl.drift.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Benjamini–Hochberg against scipy.stats.false_discovery_control (quality/bh.json of the shared fixtures). */
class BenjaminiHochbergTest {

    @Test
    void matchesScipy() throws IOException {
        JsonNode bh = new ObjectMapper().readTree(Path.of(System.getProperty("mlctl.fixtures"))
                .resolve("quality").resolve("bh.json").toFile());
        double[] p = numbers(bh.path("pvalues"));
        double[] expected = numbers(bh.path("bh_adjusted"));
        double[] adjusted = BenjaminiHochberg.adjust(p);
        assertEquals(expected.length, adjusted.length);
        for (int i = 0; i < expected.length; i++) {
            double rel = Math.abs(adjusted[i] - expected[i]) / expected[i];
            assertTrue(rel <= 1e-9, i + ": " + adjusted[i] + " vs " + expected[i]);
        }
    }

    @Test
    void nanIsNotATestAndBadInputIsRefused() {
        double[] a = BenjaminiHochberg.adjust(new double[]{0.01, Double.NaN, 0.04});
        assertArrayEquals(new double[]{0.02, Double.NaN, 0.04}, a, 1e-15);
        assertArrayEquals(new double[]{0.3}, BenjaminiHochberg.adjust(new double[]{0.3}));
        assertArrayEquals(new double[0], BenjaminiHochberg.adjust(new double[0]));
        // capped at 1
        assertArrayEquals(new double[]{1.0, 1.0}, BenjaminiHochberg.adjust(new double[]{1.0, 0.9}), 0.11);
        assertThrows(IllegalArgumentException.class, () -> BenjaminiHochberg.adjust(new double[]{1.5}));
    }

    private static double[] numbers(JsonNode a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).asDouble();
        }
        return d;
    }
}
