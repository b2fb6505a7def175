package io.mlctl.drift.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.drift.fixtures.DriftFixture;
import io.mlctl.drift.fixtures.FixtureProfiles;
import io.mlctl.drift.profile.FeatureProfile;
import io.mlctl.drift.profile.NumericProfile;
import io.mlctl.drift.profile.ProfileMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static io.mlctl.drift.evaluation.FixtureExactTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Effect sizes against SciPy (effect.json of every fixture case): exact mode to 1e-9 relative; streaming mode
 * (KLL sketches, streamed moments) within 5% of every case, undrifted normal-no-drift included (W1 = 0.034 σ there,
 * pure sampling noise, which the default window sketch k = 4096 no longer drowns; docs/DRIFT.md) — repeated, since
 * KLL compacts at random.
 */
class EffectSizeFixtureTest {
    private static final int REPETITIONS = 40;

    static List<DriftFixture> cases() {
        return DriftFixture.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void exactModeMatchesScipy(DriftFixture f) {
        JsonNode e = f.effect();
        FeatureProfile ref = FixtureProfiles.reference(f, ProfileMode.EXACT);
        FeatureDrift d = DriftEvaluator.evaluate("x", ref, FixtureProfiles.current(f, ref, ProfileMode.EXACT),
                FeatureDriftConfig.defaults(ref.type()));
        assertClose(e.path("hellinger").asDouble(), d.hellinger(), "hellinger");
        if (f.numeric()) {
            assertClose(e.path("wasserstein").asDouble(), d.wasserstein(), "wasserstein");
            double std = e.path("reference_std").asDouble();
            if (std == 0) {
                assertEquals(0.0, ((NumericProfile) ref).moments().std());
                assertTrue(e.path("wasserstein_normed").isNull());
                assertTrue(Double.isNaN(d.wassersteinNormed()), "no normed distance for a constant reference");
            } else {
                assertClose(std, ((NumericProfile) ref).moments().std(), "reference_std");
                assertClose(e.path("wasserstein_normed").asDouble(), d.wassersteinNormed(), "wasserstein_normed");
            }
            assertTrue(Double.isNaN(d.cramersV()));
        } else {
            assertClose(e.path("cramers_v").asDouble(), d.cramersV(), "cramers_v");
            assertTrue(Double.isNaN(d.wasserstein()) && Double.isNaN(d.wassersteinNormed()));
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void streamingModeWithinFivePercent(DriftFixture f) {
        JsonNode e = f.effect();
        for (int run = 0; run < REPETITIONS; run++) {
            FeatureProfile ref = FixtureProfiles.reference(f, ProfileMode.STREAMING);
            FeatureDrift d = DriftEvaluator.evaluate("x", ref,
                    FixtureProfiles.current(f, ref, ProfileMode.STREAMING), FeatureDriftConfig.defaults(ref.type()));
            within(e.path("hellinger").asDouble(), d.hellinger(), "hellinger");
            if (f.numeric()) {
                assertEquals(ProfileMode.STREAMING, ref.mode());
                double std = e.path("reference_std").asDouble();
                // the streamed moments are exact up to rounding
                assertEquals(std, ((NumericProfile) ref).moments().std(), 1e-9 * Math.max(std, 1e-300));
                double exactNormed = e.path("wasserstein_normed").asDouble();
                if (std == 0) {
                    assertTrue(Double.isNaN(d.wassersteinNormed()));
                    within(e.path("wasserstein").asDouble(), d.wasserstein(), "wasserstein");
                } else {
                    within(e.path("wasserstein").asDouble(), d.wasserstein(), "wasserstein");
                    within(exactNormed, d.wassersteinNormed(), "wasserstein_normed");
                }
            } else {
                within(e.path("cramers_v").asDouble(), d.cramersV(), "cramers_v");
            }
        }
    }

    private static void within(double expected, double actual, String what) {
        assertFalse(Double.isNaN(actual), what + " is NaN");
        assertTrue(Math.abs(actual - expected) <= 0.05 * Math.abs(expected),
                what + ": " + actual + " vs SciPy's " + expected);
    }
}
