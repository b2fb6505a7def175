package io.mlctl.drift.evaluation;

import io.mlctl.drift.stats.BenjaminiHochberg;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns measured statistics into verdicts (docs/DESIGN.md "Drift effect sizes"). A p-value shrinks towards zero as samples
 * grow whatever the size of the change, and an effect size is noise on a few hundred values, so which statistics vote
 * depends on the sample size:
 * <ul>
 *   <li>While both sides have fewer than {@link FeatureDriftConfig#smallSample()} values (1,000), the tests decide:
 *   a listed {@code ks} by the KS p-value, a listed {@code chi2} by the chi-square p-value, each against the chi2
 *   level (p &lt; 0.001 drift by default), after the Benjamini–Hochberg adjustment over every p-value that decides in
 *   the same comparison. The effect sizes are reported but do not vote, unless the feature lists no test at all.</li>
 *   <li>From there on the effect sizes decide: {@code psi}, {@code kl}, {@code js}, {@code wasserstein} (normed),
 *   {@code hellinger}, {@code cramers_v} and {@code ks} by its statistic D, each at its own threshold; chi-square's
 *   p-value does not vote.</li>
 * </ul>
 * The worst vote wins.
 */
final class VerdictRule {
    private VerdictRule() {
    }

    /** Judges the features of one comparison together: the p-values that decide are adjusted across them. */
    static List<FeatureDrift> judgeAll(List<FeatureDrift> features) {
        double[] p = new double[features.size()];
        for (int i = 0; i < p.length; i++) {
            FeatureDrift f = features.get(i);
            p[i] = testDecides(f) ? f.pValue() : Double.NaN;
        }
        double[] adjusted = BenjaminiHochberg.adjust(p);
        List<FeatureDrift> out = new ArrayList<>(features.size());
        for (int i = 0; i < p.length; i++) {
            out.add(judge(features.get(i), adjusted[i]));
        }
        return out;
    }

    /** Judges one feature on its own (its p-value is its own adjustment). */
    static FeatureDrift judgeAlone(FeatureDrift f) {
        return judge(f, testDecides(f) ? f.pValue() : Double.NaN);
    }

    /** Whether this feature's verdict rests on its test's p-value: small samples, a test listed, a p-value known. */
    static boolean testDecides(FeatureDrift f) {
        return f.verdict() != Verdict.NO_DATA && f.smallSample() && listsTest(f) && !Double.isNaN(f.pValue());
    }

    private static boolean listsTest(FeatureDrift f) {
        return f.config().statistics().stream().anyMatch(s -> s.isTest() && s.appliesTo(f.type()));
    }

    private static FeatureDrift judge(FeatureDrift f, double adjustedP) {
        if (f.verdict() == Verdict.NO_DATA) {
            return f;
        }
        boolean small = f.smallSample();
        boolean tests = listsTest(f);
        Verdict verdict = Verdict.OK;
        List<String> reasons = new ArrayList<>();
        for (Statistic s : f.config().statistics()) {
            if (!s.appliesTo(f.type())) {
                continue;
            }
            double value;
            Threshold t;
            boolean lowerIsWorse;
            String label;
            if (s.isTest() && small) {
                value = adjustedP;
                t = f.config().threshold(Statistic.CHI2);
                lowerIsWorse = true;
                label = s.key() + " p-value (BH-adjusted)";
            } else if (s == Statistic.CHI2) {
                continue; // large samples: the p-value says nothing about the size of the change
            } else if (!s.isTest() && small && tests) {
                continue; // small samples: a test is listed, and it decides
            } else {
                value = f.value(s);
                t = f.config().threshold(s);
                lowerIsWorse = s.lowerIsWorse();
                label = s == Statistic.KS ? "ks D" : s == Statistic.WASSERSTEIN ? "wasserstein_normed" : s.key();
            }
            Verdict v = t.judge(value, lowerIsWorse);
            if (v != Verdict.OK) {
                double level = v == Verdict.DRIFT ? t.drift() : t.warn();
                reasons.add(label + " " + DriftEvaluator.format(value) + (lowerIsWorse ? " < " : " >= ")
                        + DriftEvaluator.format(level) + " (" + v.wireName() + ")");
            }
            verdict = verdict.worse(v);
        }
        return f.judged(verdict, reasons, adjustedP);
    }
}
