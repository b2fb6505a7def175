package io.mlctl.drift.evaluation;

import io.mlctl.drift.fixtures.DriftFixture;
import io.mlctl.drift.fixtures.FixtureProfiles;
import io.mlctl.drift.profile.FeatureProfile;
import io.mlctl.drift.profile.NumericProfile;
import io.mlctl.drift.profile.ProfileMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streaming mode (KLL sketches, frequent-items sketches) stays within the fixture tolerances of SciPy's exact
 * values: KS statistic within 0.01 absolute, PSI within 5% relative. KLL compacts at random, so every case is
 * built several times.
 */
class FixtureStreamingTest {
    private static final int REPETITIONS = 20;

    static List<DriftFixture> cases() {
        return DriftFixture.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void withinFixtureTolerances(DriftFixture f) {
        for (int run = 0; run < REPETITIONS; run++) {
            FeatureProfile ref = FixtureProfiles.reference(f, ProfileMode.STREAMING);
            FeatureProfile cur = FixtureProfiles.current(f, ref, ProfileMode.STREAMING);
            FeatureDrift d = DriftEvaluator.evaluate("x", ref, cur, FeatureDriftConfig.defaults(ref.type()));

            assertEquals(f.expected().path("n_reference").asLong(), d.referenceCount());
            assertEquals(f.expected().path("n_current").asLong(), d.currentCount());
            double psi = f.number("psi");
            assertTrue(Math.abs(d.psi() - psi) <= 0.05 * psi, "psi " + d.psi() + " vs " + psi);
            if (f.numeric()) {
                if (run == 0) {
                    // the point of streaming: the reference is a sketch, not the values
                    assertEquals(NumericProfile.DEFAULT_REFERENCE_SKETCH_K, ((NumericProfile) ref).sketchK());
                }
                double ks = f.number("ks_statistic");
                assertTrue(Math.abs(d.ksStatistic() - ks) <= 0.01, "ks " + d.ksStatistic() + " vs " + ks);
            } else {
                // frequent-items sketches are exact below 768 distinct categories
                FixtureExactTest.assertClose(f.number("chi2_statistic"), d.chi2Statistic(), "chi2_statistic");
            }
        }
    }
}
