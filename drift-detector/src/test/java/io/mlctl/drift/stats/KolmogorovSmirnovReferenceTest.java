package io.mlctl.drift.stats;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our Kolmogorov and chi-square distributions against SciPy over every region where SciPy switches algorithm
 * (values from src/test/python/generate_ks_reference.py).
 */
class KolmogorovSmirnovReferenceTest {

    @Test
    void oneSampleSurvivalFunctionMatchesScipyKstwo() throws IOException {
        List<String> failures = new ArrayList<>();
        List<String[]> rows = csv("/scipy/kstwo-sf.csv");
        for (String[] r : rows) {
            int n = Integer.parseInt(r[0]);
            double x = Double.parseDouble(r[1]);
            double expected = Double.parseDouble(r[2]);
            double actual = KolmogorovDistribution.sf(n, x);
            if (!close(expected, actual)) {
                failures.add("n=" + n + " x=" + x + " scipy=" + expected + " ours=" + actual);
            }
        }
        assertTrue(rows.size() > 500);
        assertTrue(failures.isEmpty(), failures.size() + " mismatches:\n" + String.join("\n", failures));
    }

    @Test
    void exactTwoSamplePValueMatchesScipy() throws IOException {
        List<String> failures = new ArrayList<>();
        for (String[] r : csv("/scipy/ks-exact.csv")) {
            int n1 = Integer.parseInt(r[0]);
            int n2 = Integer.parseInt(r[1]);
            double d = Double.parseDouble(r[2]);
            double expected = Double.parseDouble(r[3]);
            double actual = KolmogorovSmirnov.exactPValue(n1, n2, d);
            if (!close(expected, actual)) {
                failures.add(n1 + "x" + n2 + " d=" + d + " scipy=" + expected + " ours=" + actual);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " mismatches:\n" + String.join("\n", failures));
    }

    @Test
    void chiSquareSurvivalMatchesScipy() throws IOException {
        List<String> failures = new ArrayList<>();
        for (String[] r : csv("/scipy/chi2-sf.csv")) {
            int dof = Integer.parseInt(r[0]);
            double x = Double.parseDouble(r[1]);
            double expected = Double.parseDouble(r[2]);
            double actual = ChiSquare.survival(x, dof);
            if (!close(expected, actual)) {
                failures.add("dof=" + dof + " x=" + x + " scipy=" + expected + " ours=" + actual);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " mismatches:\n" + String.join("\n", failures));
    }

    @Test
    void statisticHandlesTiesLikeSearchsortedRight() {
        double[] a = {1, 2, 2, 2, 3};
        double[] b = {2, 2, 3, 3};
        // after 1: 1/5 - 0; after 2: 4/5 - 2/4 = 0.3; after 3: 0
        assertEquals(0.8 - 0.5, KolmogorovSmirnov.statistic(EmpiricalCdf.ofSorted(a, 5), EmpiricalCdf.ofSorted(b, 4)));
        assertEquals(1.0, KolmogorovSmirnov.statistic(EmpiricalCdf.ofSorted(new double[]{1}, 1),
                EmpiricalCdf.ofSorted(new double[]{2}, 1)));
    }

    /** 1e-9 relative, with everything below 1e-300 taken as zero (the fixtures' rule). */
    static boolean close(double expected, double actual) {
        if (Math.abs(expected) < 1e-300 && Math.abs(actual) < 1e-300) {
            return true;
        }
        return Math.abs(actual - expected) <= 1e-9 * Math.abs(expected);
    }

    private static List<String[]> csv(String resource) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = KolmogorovSmirnovReferenceTest.class.getResourceAsStream(resource);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                rows.add(line.split(","));
            }
        }
        return rows;
    }
}
