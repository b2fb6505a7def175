package io.mlctl.drift.bench;

import io.mlctl.drift.profile.CategoricalProfile;
import io.mlctl.drift.profile.NumericProfile;
import io.mlctl.drift.profile.ProfileMode;

import java.util.SplittableRandom;

/** Synthetic data for the benchmarks: normal numbers, and Zipf-like categories from a fixed vocabulary. */
final class BenchData {
    private BenchData() {
    }

    static double[] normal(int n, double mean, double sd, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller; SplittableRandom has no nextGaussian on Java 17
            double u = r.nextDouble(Double.MIN_VALUE, 1.0);
            double w = r.nextDouble();
            v[i] = mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
        }
        return v;
    }

    /** n draws from {@code vocabulary} categories, category k with weight 1/(k+1). */
    static String[] categories(int n, int vocabulary, long seed) {
        String[] names = new String[vocabulary];
        double[] cumulative = new double[vocabulary];
        double sum = 0;
        for (int k = 0; k < vocabulary; k++) {
            names[k] = "category-" + k;
            sum += 1.0 / (k + 1);
            cumulative[k] = sum;
        }
        SplittableRandom r = new SplittableRandom(seed);
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble() * sum;
            int k = java.util.Arrays.binarySearch(cumulative, u);
            out[i] = names[k >= 0 ? k : -k - 1];
        }
        return out;
    }

    static NumericProfile numericReference(ProfileMode mode, double[] values) {
        NumericProfile.Builder b = NumericProfile.builder(mode).referenceBins(10);
        b.addAll(values, 0, values.length);
        return b.build();
    }

    static NumericProfile numericWindow(NumericProfile reference, ProfileMode mode, double[] values) {
        NumericProfile.Builder b = reference.windowBuilder(mode);
        b.addAll(values, 0, values.length);
        return b.build();
    }

    static CategoricalProfile categorical(ProfileMode mode, String[] values) {
        CategoricalProfile.Builder b = CategoricalProfile.builder(mode);
        for (String v : values) {
            b.add(v);
        }
        return b.build();
    }
}
