package io.mlctl.drift.evaluation;

import io.mlctl.drift.profile.CategoricalProfile;
import io.mlctl.drift.profile.DatasetProfile;
import io.mlctl.drift.profile.FeatureProfile;
import io.mlctl.drift.profile.FeatureType;
import io.mlctl.drift.profile.NumericProfile;
import io.mlctl.drift.profile.ProfileMode;
import io.mlctl.drift.stats.BenjaminiHochberg;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/DESIGN.md "Drift effect sizes": p-values decide while both samples are small, adjusted with Benjamini–Hochberg across
 * the features of one comparison; on larger samples the effect sizes decide, so a tiny p-value alone no longer makes
 * drift.
 */
class VerdictRuleTest {

    private static NumericProfile numbers(NumericProfile ref, int n, double shift, long seed) {
        Random r = new Random(seed);
        NumericProfile.Builder b = ref == null ? NumericProfile.builder(ProfileMode.EXACT).referenceBins(10)
                : ref.windowBuilder(ProfileMode.EXACT);
        for (int i = 0; i < n; i++) {
            b.add(r.nextGaussian() + shift);
        }
        return b.build();
    }

    /** A boolean-like feature: n values, share {@code p} of them "true". */
    private static CategoricalProfile flags(int n, double p, long seed) {
        Random r = new Random(seed);
        CategoricalProfile.Builder b = CategoricalProfile.builder(ProfileMode.EXACT);
        for (int i = 0; i < n; i++) {
            b.add(r.nextDouble() < p ? "true" : "false");
        }
        return b.build();
    }

    @Test
    void smallSamplesAreJudgedByBenjaminiHochbergAdjustedPValues() {
        // five numeric features of 300 values each; one shifted enough that its raw KS p-value is below 0.001, and
        // chosen so that it stays below after multiplying by 5 / rank ... find a shift whose raw p is in
        // [0.001 / 5, 0.001): drift alone, not after the adjustment over five tests
        NumericProfile ref = numbers(null, 300, 0, 1);
        FeatureProfile borderline = null;
        FeatureDrift alone = null;
        for (int seed = 0; seed < 400 && borderline == null; seed++) {
            NumericProfile cur = numbers(ref, 300, 0.3, 100 + seed);
            FeatureDrift d = DriftEvaluator.evaluate("x", ref, cur, FeatureDriftConfig.defaults(FeatureType.NUMERIC));
            if (d.ksPValue() < 0.001 && d.ksPValue() > 0.001 / 5 * 1.01) {
                borderline = cur;
                alone = d;
            }
        }
        assertTrue(borderline != null, "no seed gives a borderline p-value");
        assertTrue(alone.smallSample());
        // judged alone: its own p-value decides, and the effect sizes do not vote (KS D is about 0.15 here)
        assertEquals(Verdict.DRIFT, alone.verdict(), alone.reasons().toString());
        assertEquals(alone.ksPValue(), alone.adjustedPValue());
        assertTrue(alone.reasons().get(0).startsWith("ks p-value (BH-adjusted)"), alone.reasons().toString());

        Map<String, FeatureProfile> refs = new LinkedHashMap<>();
        Map<String, FeatureProfile> curs = new LinkedHashMap<>();
        refs.put("shifted", ref);
        curs.put("shifted", borderline);
        for (int i = 0; i < 4; i++) {
            refs.put("same" + i, ref);
            curs.put("same" + i, numbers(ref, 300, 0, 900 + i));
        }
        DatasetDrift together = DriftEvaluator.evaluate(new DatasetProfile(refs), new DatasetProfile(curs),
                DriftConfig.defaults());
        double[] raw = together.features().stream().mapToDouble(FeatureDrift::ksPValue).toArray();
        double[] expected = BenjaminiHochberg.adjust(raw);
        for (int i = 0; i < raw.length; i++) {
            assertEquals(expected[i], together.features().get(i).adjustedPValue());
        }
        FeatureDrift shifted = together.features().get(0);
        assertTrue(shifted.adjustedPValue() >= 0.001, "adjusted " + shifted.adjustedPValue());
        assertEquals(Verdict.OK, shifted.verdict(), "one of five tests: not significant once adjusted");
        // offline comparisons evaluate features one by one and judge them together: the same verdicts
        DatasetDrift viaOf = DatasetDrift.of(List.of(alone, together.features().get(1), together.features().get(2),
                together.features().get(3), together.features().get(4)), 0.5);
        assertEquals(Verdict.OK, viaOf.features().get(0).verdict());
        assertEquals(shifted.adjustedPValue(), viaOf.features().get(0).adjustedPValue());
    }

    @Test
    void largeSamplesAreJudgedByEffectSizesNotPValues() {
        // 20,000 vs 3,600 flags, 20% vs 24% true: chi-square p is tiny, but PSI, KL and Cramér's V are small
        CategoricalProfile ref = flags(20_000, 0.20, 1);
        CategoricalProfile cur = flags(3_600, 0.24, 2);
        FeatureDrift d = DriftEvaluator.evaluate("is_new_customer", ref, cur,
                FeatureDriftConfig.defaults(FeatureType.CATEGORICAL));
        assertTrue(d.chi2PValue() < 1e-6, "p " + d.chi2PValue());
        assertTrue(d.psi() < 0.1 && d.cramersV() < 0.1, d.toString());
        assertEquals(Verdict.OK, d.verdict(), d.reasons().toString());
        assertTrue(Double.isNaN(d.adjustedPValue()), "no p-value decided");
        // the same proportions on 300 values each: the p-value decides (and is not significant)
        FeatureDrift small = DriftEvaluator.evaluate("f", flags(300, 0.2, 3), flags(300, 0.24, 4),
                FeatureDriftConfig.defaults(FeatureType.CATEGORICAL));
        assertTrue(small.smallSample() && !Double.isNaN(small.adjustedPValue()));
        assertEquals(Verdict.OK, small.verdict());
        // Cramér's V votes when listed, at its threshold
        FeatureDrift withV = DriftEvaluator.evaluate("f", ref, cur, FeatureDriftConfig
                .defaults(FeatureType.CATEGORICAL).withStatistics(List.of(Statistic.CRAMERS_V))
                .withThreshold(Statistic.CRAMERS_V, Threshold.drift(d.cramersV() / 2)));
        assertEquals(Verdict.DRIFT, withV.verdict());
        assertTrue(withV.reasons().get(0).startsWith("cramers_v "), withV.reasons().toString());

        // numeric: a 0.05 sd shift on 50,000 values — KS p far below 0.001, yet W1/σ, PSI and D are small: ok;
        // a 0.3 sd shift: the normed Wasserstein distance (and D) say drift
        NumericProfile nref = numbers(null, 50_000, 0, 5);
        FeatureDrift tiny = DriftEvaluator.evaluate("x", nref, numbers(nref, 50_000, 0.05, 6),
                FeatureDriftConfig.defaults(FeatureType.NUMERIC));
        assertTrue(tiny.ksPValue() < 0.001 && tiny.wassersteinNormed() < 0.1, tiny.toString());
        assertEquals(Verdict.OK, tiny.verdict(), tiny.reasons().toString());
        FeatureDrift real = DriftEvaluator.evaluate("x", nref, numbers(nref, 50_000, 0.3, 7),
                FeatureDriftConfig.defaults(FeatureType.NUMERIC).withStatistics(List.of(Statistic.WASSERSTEIN)));
        assertEquals(Verdict.DRIFT, real.verdict());
        assertTrue(real.reasons().get(0).startsWith("wasserstein_normed 0.3"), real.reasons().toString());
    }

    @Test
    void aFeatureListingNoTestIsJudgedByItsEffectSizesAtAnySize() {
        NumericProfile ref = numbers(null, 200, 0, 1);
        FeatureDrift d = DriftEvaluator.evaluate("x", ref, numbers(ref, 200, 2, 2),
                FeatureDriftConfig.defaults(FeatureType.NUMERIC).withStatistics(List.of(Statistic.PSI)));
        assertTrue(d.smallSample());
        assertEquals(Verdict.DRIFT, d.verdict());
        assertTrue(d.reasons().get(0).startsWith("psi "), d.reasons().toString());
    }
}
