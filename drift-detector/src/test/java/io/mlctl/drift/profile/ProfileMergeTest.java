package io.mlctl.drift.profile;

import io.mlctl.drift.stats.KolmogorovSmirnov;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** merge(a, b) is the profile of a ∪ b: exactly for exact profiles and bin counts, within sketch error otherwise. */
class ProfileMergeTest {
    /** The prediction\'s profile name (the feature schema\'s convention; this module does not depend on it). */
    private static final String PREDICTION = "__prediction__";
    private static final Random RANDOM = new Random(7);

    private static double[] normal(int n, double mean) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + RANDOM.nextGaussian();
        }
        return v;
    }

    private static NumericProfile reference(ProfileMode mode) {
        NumericProfile.Builder b = NumericProfile.builder(mode).referenceBins(10);
        for (double v : normal(20_000, 0)) {
            b.add(v);
        }
        return b.build();
    }

    private static NumericProfile window(NumericProfile ref, ProfileMode mode, double[] values, int nulls) {
        NumericProfile.Builder b = ref.windowBuilder(mode);
        b.addAll(values, 0, values.length);
        b.addNulls(nulls);
        b.add(Double.NaN);
        b.add(Double.POSITIVE_INFINITY);
        return b.build();
    }

    @Test
    void exactNumericMergeIsTheProfileOfTheUnion() {
        NumericProfile ref = reference(ProfileMode.EXACT);
        double[] a = normal(3000, 0.3);
        double[] b = normal(5000, 0.1);
        double[] all = new double[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);

        NumericProfile merged = window(ref, ProfileMode.EXACT, a, 3).merge(window(ref, ProfileMode.EXACT, b, 4));
        NumericProfile whole = ref.windowBuilder(ProfileMode.EXACT).build();
        NumericProfile.Builder wb = ref.windowBuilder(ProfileMode.EXACT);
        wb.addAll(all, 0, all.length);
        whole = wb.build();

        assertEquals(whole.count(), merged.count());
        assertEquals(new MissingCounts(7, 2, 2, 0), merged.missing());
        assertArrayEquals(whole.countsIn(ref.edges()), merged.countsIn(ref.edges()));
        assertEquals(0.0, KolmogorovSmirnov.statistic(whole.cdf(), merged.cdf()));
        assertEquals(whole.min(), merged.min());
        assertEquals(whole.max(), merged.max());
    }

    @Test
    void streamingNumericMergeKeepsExactBinsAndSketchAccuracy() {
        NumericProfile ref = reference(ProfileMode.STREAMING);
        NumericProfile merged = null;
        NumericProfile.Builder whole = ref.windowBuilder(ProfileMode.EXACT);
        // twelve 5-minute windows rolled up into an hour, as the control plane does
        for (int w = 0; w < 12; w++) {
            double[] values = normal(4000, w * 0.05);
            whole.addAll(values, 0, values.length);
            NumericProfile window = window(ref, ProfileMode.STREAMING, values, 1);
            merged = merged == null ? window : merged.merge(window);
        }
        NumericProfile exact = whole.build();
        assertEquals(48_000, merged.count());
        assertEquals(12, merged.missing().nulls());
        // bins are counted as values arrive, so merged bin counts are exact
        assertArrayEquals(exact.countsIn(ref.edges()), merged.countsIn(ref.edges()));
        // the merged sketch stays within its rank error of the exact distribution
        double d = KolmogorovSmirnov.statistic(exact.cdf(), merged.cdf());
        assertTrue(d < 0.01, "merged sketch off by " + d);
        assertEquals(exact.min(), merged.min());
        assertEquals(exact.max(), merged.max());
    }

    @Test
    void categoricalMergeAddsCounts() {
        for (ProfileMode mode : ProfileMode.values()) {
            CategoricalProfile.Builder a = CategoricalProfile.builder(mode);
            CategoricalProfile.Builder b = CategoricalProfile.builder(mode);
            for (int i = 0; i < 1000; i++) {
                a.add(i % 3 == 0 ? "DE" : "US");
                b.add(i % 5 == 0 ? "FR" : "US");
            }
            a.addNull();
            CategoricalProfile merged = a.build().merge(b.build());
            assertEquals(2000, merged.count());
            assertEquals(1, merged.missing().nulls());
            assertEquals(Map.of("DE", 334L, "US", 666L + 800L, "FR", 200L), merged.counts(), mode.name());
        }
    }

    @Test
    void refusesToMergeWhatDoesNotFit() {
        NumericProfile exact = reference(ProfileMode.EXACT);
        NumericProfile streaming = reference(ProfileMode.STREAMING);
        NumericProfile otherBins = NumericProfile.builder(ProfileMode.EXACT).edges(new double[]{0, 1}).build();
        CategoricalProfile cat = CategoricalProfile.builder(ProfileMode.EXACT).build();
        assertThrows(IllegalArgumentException.class, () -> exact.merge(streaming));
        assertThrows(IllegalArgumentException.class, () -> exact.windowBuilder(ProfileMode.EXACT).build().merge(otherBins));
        assertThrows(IllegalArgumentException.class, () -> exact.merge(cat));
        assertThrows(IllegalArgumentException.class, () -> cat.merge(exact));
    }

    @Test
    void datasetProfilesMergeFeatureByFeature() {
        NumericProfile ref = reference(ProfileMode.STREAMING);
        CategoricalProfile.Builder c1 = CategoricalProfile.builder(ProfileMode.STREAMING);
        c1.add("a");
        CategoricalProfile.Builder c2 = CategoricalProfile.builder(ProfileMode.STREAMING);
        c2.add("b");
        DatasetProfile one = new DatasetProfile(Map.of("x", window(ref, ProfileMode.STREAMING, normal(10, 0), 0),
                "c", c1.build()));
        DatasetProfile two = new DatasetProfile(Map.of("c", c2.build(),
                PREDICTION, window(ref, ProfileMode.STREAMING, normal(5, 0), 0)));
        DatasetProfile merged = one.merge(two);
        assertEquals(3, merged.features().size());
        assertEquals(2, merged.feature("c").count());
        assertEquals(10, merged.feature("x").count());
        assertEquals(5, merged.feature(PREDICTION).count());
    }
}
