package io.mlctl.drift.stats;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The galloping Wasserstein sum equals the plain walk over every gap (random samples with ties, shifts, scale
 * changes, disjoint supports, weighted sketch-like inputs) and hand-checked small cases; the SciPy fixtures are in
 * EffectSizeFixtureTest.
 */
class WassersteinTest {

    private static EmpiricalCdf raw(double... v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return EmpiricalCdf.ofSorted(s, s.length);
    }

    @Test
    void smallCasesByHand() {
        // scipy.stats.wasserstein_distance([0, 1, 3], [5, 6, 8]) = 5
        assertEquals(5.0, Wasserstein.distance(raw(0, 1, 3), raw(5, 6, 8)), 1e-15);
        assertEquals(5.0, Wasserstein.distance(raw(5, 6, 8), raw(0, 1, 3)), 1e-15);
        // scipy.stats.wasserstein_distance([0, 1], [0, 0, 1, 1, 2]) = 0.3
        assertEquals(0.3, Wasserstein.distance(raw(0, 1), raw(0, 0, 1, 1, 2)), 1e-15);
        assertEquals(0.0, Wasserstein.distance(raw(2, 2, 3), raw(3, 2, 2)));
        assertEquals(1.5, Wasserstein.distance(raw(7), raw(8.5)), 1e-15);
        assertTrue(Double.isNaN(Wasserstein.distance(raw(), raw(1))));
        assertEquals(1.0, Wasserstein.walk(raw(0, 1, 3), raw(5, 6, 8)).ksStatistic());
        assertEquals(0.0, Wasserstein.walk(raw(2, 2, 3), raw(3, 2, 2)).ksStatistic());
        assertTrue(Double.isNaN(Wasserstein.walk(raw(1), raw()).ksStatistic()));
    }

    @Test
    void equalsThePlainWalk() {
        Random r = new Random(11);
        for (int run = 0; run < 300; run++) {
            int n = 1 + r.nextInt(run % 3 == 0 ? 20 : 3000);
            int m = 1 + r.nextInt(run % 5 == 0 ? 20 : 3000);
            double shift = r.nextGaussian() * (run % 7 == 0 ? 50 : 1);
            double scale = 0.2 + 3 * r.nextDouble();
            boolean ties = run % 2 == 0;
            double[] a = new double[n];
            double[] b = new double[m];
            for (int i = 0; i < n; i++) {
                a[i] = ties ? r.nextInt(12) : r.nextGaussian();
            }
            for (int i = 0; i < m; i++) {
                b[i] = ties ? r.nextInt(12) + Math.round(shift) : r.nextGaussian() * scale + shift;
            }
            EmpiricalCdf ea = raw(a);
            EmpiricalCdf eb = raw(b);
            double expected = LinearWasserstein.distance(ea, eb);
            assertEquals(expected, Wasserstein.distance(ea, eb), 1e-10 * Math.max(expected, 1e-3), "run " + run);
            assertEquals(expected, Wasserstein.distance(eb, ea), 1e-10 * Math.max(expected, 1e-3), "run " + run);
            // weighted, as a sketch's sorted view: distinct values with cumulative weights
            double[] distinct = Arrays.stream(a).sorted().distinct().toArray();
            long[] cum = new long[distinct.length];
            double[] sorted = a.clone();
            Arrays.sort(sorted);
            for (int i = 0, p = 0; i < distinct.length; i++) {
                while (p < n && sorted[p] <= distinct[i]) {
                    p++;
                }
                cum[i] = p;
            }
            EmpiricalCdf weighted = EmpiricalCdf.ofWeighted(distinct, cum, n);
            assertEquals(expected, Wasserstein.distance(weighted, eb), 1e-10 * Math.max(expected, 1e-3));
            assertEquals(expected, Wasserstein.distance(eb, weighted), 1e-10 * Math.max(expected, 1e-3));
            // the fused walk: the same W1, and KS D identical to the last bit to KolmogorovSmirnov's own walk
            for (EmpiricalCdf[] pair : new EmpiricalCdf[][]{{ea, eb}, {eb, ea}, {weighted, eb}, {eb, weighted}}) {
                Wasserstein.Walk w = Wasserstein.walk(pair[0], pair[1]);
                assertEquals(Wasserstein.distance(pair[0], pair[1]), w.wasserstein(), 0.0, "run " + run);
                assertEquals(KolmogorovSmirnov.statistic(pair[0], pair[1]), w.ksStatistic(), 0.0, "run " + run);
            }
        }
    }
}
