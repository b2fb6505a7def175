package io.mlctl.drift.evaluation;

import io.mlctl.drift.profile.DatasetProfile;
import io.mlctl.drift.profile.FeatureType;
import io.mlctl.drift.profile.NumericProfile;
import io.mlctl.drift.profile.ProfileMode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Default thresholds, per-feature overrides, and the dataset drift share. */
class VerdictTest {

    private static NumericProfile profile(NumericProfile ref, double shift, long seed) {
        Random r = new Random(seed);
        NumericProfile.Builder b = ref == null ? NumericProfile.builder(ProfileMode.EXACT).referenceBins(10)
                : ref.windowBuilder(ProfileMode.EXACT);
        for (int i = 0; i < 5000; i++) {
            b.add(r.nextGaussian() + shift);
        }
        return b.build();
    }

    @Test
    void thresholdsDecideTheVerdict() {
        NumericProfile ref = profile(null, 0, 1);
        FeatureDriftConfig defaults = FeatureDriftConfig.defaults(FeatureType.NUMERIC);
        assertEquals(Verdict.OK, DriftEvaluator.evaluate("x", ref, profile(ref, 0, 2), defaults).verdict());
        FeatureDrift shifted = DriftEvaluator.evaluate("x", ref, profile(ref, 0.5, 3), defaults);
        assertEquals(Verdict.DRIFT, shifted.verdict());
        assertTrue(shifted.psi() >= 0.1 && shifted.ksStatistic() >= 0.1);

        // a small shift: PSI between warn and drift, KS and KL below theirs -> warn
        FeatureDrift small = DriftEvaluator.evaluate("x", ref, profile(ref, 0.33, 4),
                defaults.withStatistics(List.of(Statistic.PSI)));
        assertTrue(small.psi() >= 0.1 && small.psi() < 0.25, "psi " + small.psi());
        assertEquals(Verdict.WARN, small.verdict());

        // raising every threshold the shift breaks turns it back to ok
        FeatureDriftConfig lenient = defaults.withThreshold(Statistic.PSI, Threshold.drift(5))
                .withThreshold(Statistic.KS, Threshold.drift(0.9)).withThreshold(Statistic.KL, Threshold.drift(5))
                .withThreshold(Statistic.WASSERSTEIN, Threshold.drift(5));
        assertEquals(Verdict.OK, DriftEvaluator.evaluate("x", ref, profile(ref, 0.5, 3), lenient).verdict());
        // a statistic that does not vote does not count, but is still reported
        FeatureDrift jsOnly = DriftEvaluator.evaluate("x", ref, profile(ref, 0.5, 3),
                defaults.withStatistics(List.of(Statistic.JS)).withThreshold(Statistic.JS, Threshold.drift(0.99)));
        assertEquals(Verdict.OK, jsOnly.verdict());
        assertTrue(jsOnly.psi() > 0.1);
    }

    @Test
    void datasetDriftWhenHalfTheFeaturesDrift() {
        NumericProfile ref = profile(null, 0, 1);
        Map<String, io.mlctl.drift.profile.FeatureProfile> refs = new LinkedHashMap<>();
        Map<String, io.mlctl.drift.profile.FeatureProfile> curs = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            refs.put("f" + i, ref);
            curs.put("f" + i, profile(ref, i < 2 ? 1.0 : 0.0, 10 + i));
        }
        DatasetDrift half = DriftEvaluator.evaluate(new DatasetProfile(refs), new DatasetProfile(curs),
                DriftConfig.defaults());
        assertEquals(0.5, half.driftShare());
        assertTrue(half.datasetDrift());
        curs.put("f1", profile(ref, 0, 20));
        DatasetDrift quarter = DriftEvaluator.evaluate(new DatasetProfile(refs), new DatasetProfile(curs),
                DriftConfig.defaults());
        assertEquals(0.25, quarter.driftShare());
        assertFalse(quarter.datasetDrift());
        // per-feature override
        DriftConfig strict = new DriftConfig(FeatureDriftConfig.defaults(FeatureType.NUMERIC),
                FeatureDriftConfig.defaults(FeatureType.CATEGORICAL),
                Map.of("f2", FeatureDriftConfig.defaults(FeatureType.NUMERIC)
                        .withThreshold(Statistic.KS, Threshold.drift(0.0))), 0.5);
        assertTrue(DriftEvaluator.evaluate(new DatasetProfile(refs), new DatasetProfile(curs), strict).datasetDrift());
    }

    @Test
    void parsesStatisticNames() {
        assertEquals(Statistic.CHI2, Statistic.parse("Chi-Square"));
        assertEquals(Statistic.JS, Statistic.parse("js"));
        assertEquals(Statistic.WASSERSTEIN, Statistic.parse("wasserstein"));
        assertEquals(Statistic.CRAMERS_V, Statistic.parse("cramers_v"));
        assertEquals(Statistic.HELLINGER, Statistic.parse("Hellinger"));
        assertThrows(IllegalArgumentException.class, () -> Statistic.parse("energy"));
        assertEquals(new Threshold(null, 0.05), new Threshold(0.1, 0.25).withDrift(0.05, false));
        assertEquals(new Threshold(0.1, 0.3), new Threshold(0.1, 0.25).withDrift(0.3, false));
    }
}
