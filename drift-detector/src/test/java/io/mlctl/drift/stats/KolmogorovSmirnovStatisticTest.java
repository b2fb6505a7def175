package io.mlctl.drift.stats;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The galloping walk for very different sample sizes gives exactly the full walk's statistic. */
class KolmogorovSmirnovStatisticTest {

    /** sup |F_a - F_b| at every point of the union, the definition (SciPy's searchsorted right / n). */
    private static double definition(double[] a, double[] b) {
        double[] all = new double[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        double max = 0;
        double min = 0;
        for (double v : all) {
            double diff = (double) count(a, v) / a.length - (double) count(b, v) / b.length;
            max = Math.max(max, diff);
            min = Math.min(min, diff);
        }
        return Math.max(max, Math.min(-min, 1.0));
    }

    private static int count(double[] sorted, double v) {
        int n = 0;
        while (n < sorted.length && sorted[n] <= v) {
            n++;
        }
        return n;
    }

    @Test
    void skewedSizesMatchTheDefinitionBitForBit() {
        Random r = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + r.nextInt(3000);
            int m = 1 + r.nextInt(40);
            boolean ties = trial % 3 == 0;
            double shift = r.nextGaussian() * 0.5;
            double[] a = new double[n];
            double[] b = new double[m];
            for (int i = 0; i < n; i++) {
                a[i] = ties ? r.nextInt(12) : r.nextGaussian();
            }
            for (int i = 0; i < m; i++) {
                b[i] = ties ? r.nextInt(12) + (int) shift : r.nextGaussian() + shift;
            }
            Arrays.sort(a);
            Arrays.sort(b);
            double expected = definition(a, b);
            assertEquals(expected, KolmogorovSmirnov.statistic(EmpiricalCdf.ofSorted(a, n), EmpiricalCdf.ofSorted(b, m)));
            assertEquals(expected, KolmogorovSmirnov.statistic(EmpiricalCdf.ofSorted(b, m), EmpiricalCdf.ofSorted(a, n)));
        }
    }

    @Test
    void weightedSamplesUseTheirCumulativeWeights() {
        // 1,2,3 with weights 2,1,1 (total 4) is the sample 1,1,2,3
        EmpiricalCdf weighted = EmpiricalCdf.ofWeighted(new double[]{1, 2, 3}, new long[]{2, 3, 4}, 4);
        double[] b = new double[200];
        for (int i = 0; i < b.length; i++) {
            b[i] = i < 100 ? 1.5 : 2.5;
        }
        double expected = definition(new double[]{1, 1, 2, 3}, b);
        assertEquals(expected, KolmogorovSmirnov.statistic(weighted, EmpiricalCdf.ofSorted(b, b.length)));
        assertEquals(expected, KolmogorovSmirnov.statistic(EmpiricalCdf.ofSorted(b, b.length), weighted));
    }
}
