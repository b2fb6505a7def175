package io.mlctl.drift.profile;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class DoubleSortTest {

    @Test
    void sortsLikeArraysSort() {
        Random r = new Random(5);
        for (int n : new int[]{0, 1, 100, 20_000, 300_000}) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = switch (i % 5) {
                    case 0 -> r.nextGaussian() * 1e6;
                    case 1 -> -r.nextDouble();
                    case 2 -> r.nextInt(10); // ties
                    case 3 -> i % 2 == 0 ? 0.0 : -0.0;
                    default -> (r.nextBoolean() ? 1 : -1) * Double.MIN_VALUE * r.nextInt(3) + r.nextLong() * 1e280;
                };
            }
            double[] expected = a.clone();
            Arrays.sort(expected);
            DoubleSort.sort(a);
            assertArrayEquals(expected, a);
        }
        double[] constant = new double[50_000];
        Arrays.fill(constant, 7.0);
        DoubleSort.sort(constant);
        assertArrayEquals(new double[50_000], Arrays.stream(constant).map(v -> v - 7.0).toArray());
    }
}
