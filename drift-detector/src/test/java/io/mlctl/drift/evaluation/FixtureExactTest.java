package io.mlctl.drift.evaluation;

import io.mlctl.drift.fixtures.DriftFixture;
import io.mlctl.drift.fixtures.FixtureProfiles;
import io.mlctl.drift.profile.CategoricalProfile;
import io.mlctl.drift.profile.FeatureProfile;
import io.mlctl.drift.profile.FeatureType;
import io.mlctl.drift.profile.NumericProfile;
import io.mlctl.drift.profile.ProfileMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Exact mode reproduces every SciPy fixture to 1e-9 relative (p-values below 1e-300 count as zero). */
class FixtureExactTest {

    static List<DriftFixture> cases() {
        return DriftFixture.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesScipy(DriftFixture f) {
        FeatureProfile ref = FixtureProfiles.reference(f, ProfileMode.EXACT);
        FeatureProfile cur = FixtureProfiles.current(f, ref, ProfileMode.EXACT);
        FeatureDrift d = DriftEvaluator.evaluate("x", ref, cur, FeatureDriftConfig.defaults(ref.type()));

        assertEquals(f.expected().path("n_reference").asLong(), d.referenceCount());
        assertEquals(f.expected().path("n_current").asLong(), d.currentCount());
        assertClose(f.number("psi"), d.psi(), "psi");
        assertClose(f.number("kl"), d.kl(), "kl");
        assertClose(f.number("js_distance"), d.jsDistance(), "js_distance");
        if (f.numeric()) {
            assertEquals(FeatureType.NUMERIC, d.type());
            NumericProfile r = (NumericProfile) ref;
            double[] edges = r.edges();
            double[] expectedEdges = f.numbers("edges");
            assertEquals(expectedEdges.length, edges.length, "edge count");
            for (int i = 0; i < edges.length; i++) {
                assertClose(expectedEdges[i], edges[i], "edge " + i);
            }
            assertArrayEquals(f.numbers("reference_counts"), r.countsIn(edges), "reference counts");
            assertArrayEquals(f.numbers("current_counts"), ((NumericProfile) cur).countsIn(edges), "current counts");
            assertClose(f.number("ks_statistic"), d.ksStatistic(), "ks_statistic");
            // docs/DESIGN.md "Drift statistics": exact p-value when n*m < 10000, asymptotic otherwise
            String pField = f.expected().has("ks_pvalue_exact") ? "ks_pvalue_exact" : "ks_pvalue_asymptotic";
            assertClose(f.number(pField), d.ksPValue(), pField);
        } else {
            assertEquals(FeatureType.CATEGORICAL, d.type());
            List<String> categories = d.histogram().labels();
            assertEquals(f.expected().path("categories").size(), categories.size());
            double[] expectedRef = f.numbers("reference_counts");
            double[] expectedCur = f.numbers("current_counts");
            for (int i = 0; i < categories.size(); i++) {
                String c = f.expected().path("categories").get(i).asText();
                assertEquals(c, categories.get(i));
                assertEquals((long) expectedRef[i], ((CategoricalProfile) ref).counts().getOrDefault(c, 0L), c);
                assertEquals((long) expectedCur[i], ((CategoricalProfile) cur).counts().getOrDefault(c, 0L), c);
            }
            assertClose(f.number("chi2_statistic"), d.chi2Statistic(), "chi2_statistic");
            assertEquals(f.expected().path("chi2_dof").asInt(), categories.size() - 1);
            assertClose(f.number("chi2_pvalue"), d.chi2PValue(), "chi2_pvalue");
        }
    }

    static void assertClose(double expected, double actual, String what) {
        if (Math.abs(expected) < 1e-300 && Math.abs(actual) < 1e-300) {
            return;
        }
        double rel = Math.abs(actual - expected) / Math.abs(expected);
        if (!(rel <= 1e-9)) {
            throw new AssertionError(what + ": expected " + expected + " but was " + actual + " (relative error "
                    + rel + ")");
        }
    }
}
