package io.mlctl.drift.evaluation;

import io.mlctl.drift.profile.CategoricalProfile;
import io.mlctl.drift.profile.DatasetProfile;
import io.mlctl.drift.profile.FeatureType;
import io.mlctl.drift.profile.MissingCounts;
import io.mlctl.drift.profile.NumericProfile;
import io.mlctl.drift.profile.ProfileMode;
import io.mlctl.drift.stats.Divergences;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The edge cases the issue lists, in both modes. */
class EdgeCasesTest {
    private static final FeatureDriftConfig NUMERIC = FeatureDriftConfig.defaults(FeatureType.NUMERIC);
    private static final FeatureDriftConfig CATEGORICAL = FeatureDriftConfig.defaults(FeatureType.CATEGORICAL);

    private static NumericProfile reference(ProfileMode mode, double... values) {
        NumericProfile.Builder b = NumericProfile.builder(mode).referenceBins(10);
        b.addAll(values, 0, values.length);
        return b.build();
    }

    private static double[] uniform(int n, double from, double to, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = from + (to - from) * r.nextDouble();
        }
        return v;
    }

    @ParameterizedTest
    @EnumSource(ProfileMode.class)
    void emptyWindowHasNoData(ProfileMode mode) {
        NumericProfile ref = reference(mode, uniform(1000, 0, 1, 1));
        FeatureDrift d = DriftEvaluator.evaluate("x", ref, ref.windowBuilder(mode).build(), NUMERIC);
        assertEquals(Verdict.NO_DATA, d.verdict());
        assertTrue(Double.isNaN(d.psi()) && Double.isNaN(d.ksStatistic()) && Double.isNaN(d.ksPValue()));
        assertTrue(Double.isNaN(d.nullRateCurrent()), "no rows: null rate undefined");
        assertEquals(0.0, d.nullRateReference());
        // a feature absent from the current dataset altogether
        DatasetDrift ds = DriftEvaluator.evaluate(new DatasetProfile(Map.of("x", ref)),
                new DatasetProfile(Map.of()), DriftConfig.defaults());
        assertEquals(Verdict.NO_DATA, ds.features().get(0).verdict());
        assertEquals(0.0, ds.driftShare());
        assertFalse(ds.datasetDrift());
    }

    @ParameterizedTest
    @EnumSource(ProfileMode.class)
    void allNullsCountAsNullRateAndNoData(ProfileMode mode) {
        NumericProfile ref = reference(mode, uniform(1000, 0, 1, 2));
        NumericProfile.Builder w = ref.windowBuilder(mode);
        w.addNulls(40);
        w.add(Double.NaN);
        NumericProfile cur = w.build();
        FeatureDrift d = DriftEvaluator.evaluate("x", ref, cur, NUMERIC);
        assertEquals(Verdict.NO_DATA, d.verdict());
        assertEquals(1.0, d.nullRateCurrent());
        assertEquals(new MissingCounts(40, 1, 0, 0), cur.missing());

        CategoricalProfile.Builder cb = CategoricalProfile.builder(mode);
        cb.addNulls(5);
        CategoricalProfile.Builder rb = CategoricalProfile.builder(mode);
        rb.add("a", 10);
        FeatureDrift c = DriftEvaluator.evaluate("c", rb.build(), cb.build(), CATEGORICAL);
        assertEquals(Verdict.NO_DATA, c.verdict());
        assertEquals(1.0, c.nullRateCurrent());
        // and a reference with nothing but nulls has no bins to compare against
        NumericProfile.Builder nulls = NumericProfile.builder(mode).referenceBins(10);
        nulls.addNulls(10);
        NumericProfile allNullRef = nulls.build();
        assertArrayEquals(new double[0], allNullRef.edges());
        assertEquals(Verdict.NO_DATA, DriftEvaluator.evaluate("x", allNullRef, cur, NUMERIC).verdict());
    }

    @ParameterizedTest
    @EnumSource(ProfileMode.class)
    void singleValueReferenceHasOneEdge(ProfileMode mode) {
        double[] sevens = new double[500];
        java.util.Arrays.fill(sevens, 7.0);
        NumericProfile ref = reference(mode, sevens);
        assertArrayEquals(new double[]{7.0}, ref.edges());
        NumericProfile.Builder w = ref.windowBuilder(mode);
        w.addAll(new double[]{7.0, 7.0, 7.0, 8.0}, 0, 4);
        NumericProfile window = w.build();
        FeatureDrift d = DriftEvaluator.evaluate("x", ref, window, NUMERIC);
        // reference (1, 0 -> eps), current (0.75, 0.25)
        double psi = (0.75 - 1) * Math.log(0.75) + (0.25 - Divergences.EPSILON) * Math.log(0.25 / Divergences.EPSILON);
        assertEquals(psi, d.psi(), 1e-12);
        assertEquals(0.25, d.ksStatistic(), 1e-12);
        // four current values: small samples, so the KS p-value decides, and four values prove nothing
        assertTrue(d.smallSample() && d.ksPValue() > 0.001, "p " + d.ksPValue());
        assertEquals(Verdict.OK, d.verdict());
        // judged by the effect sizes (as from 1,000 values on either side) the same numbers are drift
        assertEquals(Verdict.DRIFT, DriftEvaluator.evaluate("x", ref, window, NUMERIC.withSmallSample(0))
                .verdict());
        assertEquals(List.of("≤ 7", "> 7"), d.histogram().labels());
    }

    @ParameterizedTest
    @EnumSource(ProfileMode.class)
    void valuesOutsideTheReferenceRangeLandInTheOuterBins(ProfileMode mode) {
        NumericProfile ref = reference(mode, uniform(2000, 0, 1, 3));
        NumericProfile.Builder w = ref.windowBuilder(mode);
        w.addAll(new double[]{-1e9, -5, 2, 3, 1e300}, 0, 5);
        NumericProfile cur = w.build();
        double[] counts = cur.countsIn(ref.edges());
        assertEquals(2.0, counts[0]);
        assertEquals(3.0, counts[counts.length - 1]);
        FeatureDrift d = DriftEvaluator.evaluate("x", ref, cur, NUMERIC);
        assertEquals(Verdict.DRIFT, d.verdict());
        assertEquals(1.0 - 0.4, d.ksStatistic(), 0.02); // all current mass outside [0, 1]
        assertEquals(-1e9, cur.min());
        assertEquals(1e300, cur.max());
    }

    @ParameterizedTest
    @EnumSource(ProfileMode.class)
    void infinitiesAreCountedNotBinned(ProfileMode mode) {
        double[] r = uniform(1000, 0, 1, 4);
        NumericProfile.Builder rb = NumericProfile.builder(mode).referenceBins(10);
        rb.addAll(r, 0, r.length);
        rb.add(Double.POSITIVE_INFINITY);
        NumericProfile ref = rb.build();
        assertTrue(java.util.Arrays.stream(ref.edges()).allMatch(Double::isFinite));
        NumericProfile.Builder w = ref.windowBuilder(mode);
        double[] c = uniform(1000, 0, 1, 5);
        w.addAll(c, 0, c.length);
        for (int i = 0; i < 250; i++) {
            w.add(i % 2 == 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
        }
        NumericProfile cur = w.build();
        assertEquals(new MissingCounts(0, 0, 125, 125), cur.missing());
        assertEquals(1000, cur.count());
        FeatureDrift d = DriftEvaluator.evaluate("x", ref, cur, NUMERIC);
        assertEquals(250.0 / 1250, d.nullRateCurrent());
        assertEquals(1.0 / 1001, d.nullRateReference());
        assertTrue(Double.isFinite(d.psi()) && d.psi() < 0.1, "the finite values did not drift: " + d.psi());
        assertEquals(Verdict.OK, d.verdict());
    }

    @ParameterizedTest
    @EnumSource(ProfileMode.class)
    void unseenCategoriesGetEpsilonInTheReference(ProfileMode mode) {
        CategoricalProfile.Builder rb = CategoricalProfile.builder(mode);
        rb.add("a", 600);
        rb.add("b", 400);
        CategoricalProfile.Builder cb = CategoricalProfile.builder(mode);
        cb.add("a", 500);
        cb.add("b", 300);
        cb.add("new", 200);
        FeatureDrift d = DriftEvaluator.evaluate("c", rb.build(), cb.build(), CATEGORICAL);
        assertEquals(List.of("a", "b", "new"), d.histogram().labels());
        double eps = Divergences.EPSILON;
        double psi = (0.5 - 0.6) * Math.log(0.5 / 0.6) + (0.3 - 0.4) * Math.log(0.3 / 0.4)
                + (0.2 - eps) * Math.log(0.2 / eps);
        assertEquals(psi, d.psi(), 1e-12);
        assertEquals(2, d.histogram().labels().size() - 1); // dof
        assertTrue(d.chi2PValue() < 1e-10);
        assertEquals(Verdict.DRIFT, d.verdict());
        assertTrue(d.reasons().stream().anyMatch(r -> r.startsWith("psi")), d.reasons().toString());
    }

    @ParameterizedTest
    @EnumSource(ProfileMode.class)
    void highCardinalityKeepsTopCategoriesAndPoolsTheRest(ProfileMode mode) {
        CategoricalProfile.Builder rb = CategoricalProfile.builder(mode);
        CategoricalProfile.Builder cb = CategoricalProfile.builder(mode);
        for (int i = 0; i < 500; i++) {
            rb.add("user-" + i, 1000 - i); // a long tail
            cb.add("user-" + i, 1000 - i);
        }
        cb.add("brand-new", 5000); // lands in __other__
        FeatureDriftConfig config = CATEGORICAL.withTopCategories(50);
        FeatureDrift d = DriftEvaluator.evaluate("c", rb.build(), cb.build(), config);
        List<String> labels = d.histogram().labels();
        assertEquals(51, labels.size());
        assertEquals("user-0", labels.get(0));
        assertEquals(FeatureDriftConfig.OTHER, labels.get(50));
        double[] ref = d.histogram().reference();
        double[] cur = d.histogram().current();
        assertTrue(cur[50] > ref[50], "the new category grows the other bucket");
        assertTrue(d.psi() > 0 && Double.isFinite(d.chi2PValue()));
        // the same data without the surge does not drift
        CategoricalProfile.Builder same = CategoricalProfile.builder(mode);
        for (int i = 0; i < 500; i++) {
            same.add("user-" + i, 1000 - i);
        }
        CategoricalProfile.Builder rb2 = CategoricalProfile.builder(mode);
        for (int i = 0; i < 500; i++) {
            rb2.add("user-" + i, 1000 - i);
        }
        assertEquals(Verdict.OK, DriftEvaluator.evaluate("c", rb2.build(), same.build(), config).verdict());
    }

    @ParameterizedTest
    @EnumSource(ProfileMode.class)
    void typeMismatchIsRefused(ProfileMode mode) {
        NumericProfile ref = reference(mode, 1, 2, 3);
        CategoricalProfile cur = CategoricalProfile.builder(mode).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DriftEvaluator.evaluate("amount", ref, cur, NUMERIC));
        assertTrue(e.getMessage().contains("amount"), e.getMessage());
    }
}
