package io.mlctl.quality;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CBPE against realized values on scores that are calibrated by construction (each label drawn Bernoulli(p)), and
 * its estimated AUC against a brute-force evaluation of its formula.
 *
 * <p>Tolerances, derived rather than tuned. Given the scores, the realized TP is a sum of independent Bernoulli(p)
 * over the predicted positives (variance Vpp = sum p(1 - p) there), FN the same over the predicted negatives (Vpn),
 * independent of TP. Accuracy and precision are linear in them, so realized - estimated has mean 0 and standard
 * deviation {@link CbpeEstimate#accuracyStandardError()} / {@link CbpeEstimate#precisionStandardError()} exactly.
 * Recall = A / (A + B) and F1 = 2A / (A + PP + B) (A = TP, B = FN, PP = predicted positives) are ratios: their
 * delta-method deviations are used, plus 5/n for the O(1/n) bias of a ratio of expectations. ROC AUC: 4 DeLong
 * standard errors of the realized AUC (which count the scores' sampling as well, so they bound the label-only
 * variation from above) plus 5/n. Every bound is 4 standard deviations: a correct estimator fails one with
 * probability under 1e-4 per seed, and the seeds are fixed.
 */
class CbpeTest {
    static final double SIGMAS = 4;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void estimatesMatchRealizedValuesOnCalibratedScores(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 20_000;
        double[] p = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            // skewed scores (about 30% positives), some ties from rounding to 4 decimals
            p[i] = Math.round(1e4 / (1 + Math.exp(-(-1 + 1.6 * gaussian(random))))) / 1e4;
            y[i] = random.nextDouble() < p[i];
        }
        double threshold = 0.5;
        BinaryMetrics realized = BinaryMetrics.of(p, y, threshold);
        CbpeEstimate est = Cbpe.estimate(p, threshold);
        assertEquals(n, est.n());

        assertWithin("accuracy", realized.accuracy(), est.accuracy(), SIGMAS * est.accuracyStandardError());
        assertWithin("precision", realized.precision(), est.precision(), SIGMAS * est.precisionStandardError());

        ExpectedConfusion ec = new ExpectedConfusion(threshold);
        for (double s : p) {
            ec.add(s);
        }
        double a = ec.expected().tp();
        double b = ec.expected().fn();
        double pp = ec.predictedPositive();
        double vpp = ec.varianceOfPredictedPositive();
        double vpn = ec.varianceOfPredictedNegative();
        double recallSd = Math.sqrt(b * b * vpp + a * a * vpn) / Math.pow(a + b, 2);
        assertWithin("recall", realized.recall(), est.recall(), SIGMAS * recallSd + 5.0 / n);
        double d = a + pp + b;
        double f1Sd = Math.sqrt(Math.pow(2 * (pp + b) / (d * d), 2) * vpp + Math.pow(2 * a / (d * d), 2) * vpn);
        assertWithin("f1", realized.f1(), est.f1(), SIGMAS * f1Sd + 5.0 / n);
        assertWithin("roc_auc", realized.rocAuc().auc(), est.rocAuc(),
                SIGMAS * realized.rocAuc().standardError() + 5.0 / n);

        // and the calibration check agrees that these scores may be trusted
        CalibrationReport check = CalibrationCheck.DEFAULT.check(p, y);
        assertTrue(check.trusted(), check.reason());
    }

    @Test
    void miscalibratedScoresGiveWrongEstimatesAndTheCheckSaysSo() {
        SplittableRandom random = new SplittableRandom(42);
        int n = 20_000;
        double[] p = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            double z = -0.5 + 1.2 * gaussian(random);
            p[i] = 1 / (1 + Math.exp(-z));
            // the truth is twice as sure as the scores: the model is underconfident
            y[i] = random.nextDouble() < 1 / (1 + Math.exp(-2 * z));
        }
        CbpeEstimate est = Cbpe.estimate(p, 0.5);
        BinaryMetrics realized = BinaryMetrics.of(p, y, 0.5);
        assertTrue(Math.abs(realized.accuracy() - est.accuracy()) > 10 * est.accuracyStandardError(),
                "the estimate should be far off: realized " + realized.accuracy() + ", estimated " + est.accuracy());

        CalibrationReport check = CalibrationCheck.DEFAULT.check(p, y);
        assertEquals(CalibrationReport.Verdict.MISCALIBRATED, check.verdict(), check.reason());
        assertFalse(check.trusted());
        assertTrue(check.ece() > 0.05);
        assertTrue(check.pValue() < 1e-10, "p = " + check.pValue());
        // the reliability table shows it: observed rates further from 0.5 than the mean scores in the outer bins
        ReliabilityBin low = check.bins().get(0);
        ReliabilityBin high = check.bins().get(check.bins().size() - 1);
        assertTrue(low.observedRate() < low.meanScore() && high.observedRate() > high.meanScore(), check.bins()::toString);
    }

    @Test
    void estimatedAucIsItsFormulaEvaluatedPairByPair() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 400;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = random.nextInt(21) / 20.0; // many ties, and the extremes 0 and 1
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    double w = p[i] * (1 - p[j]);
                    den += w;
                    num += w * (p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0);
                }
            }
        }
        assertEquals(num / den, ExpectedRocAuc.of(p), 1e-12);
    }

    @Test
    void estimatedAucDiffersFromNannyMlsExpectedRocCurveByTheSelfPairs() {
        SplittableRandom random = new SplittableRandom(13);
        int n = 1000;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.round(random.nextDouble() * 100) / 100.0;
        }
        // NannyML: the expected ROC curve (cumulative p and 1 - p over the distinct scores descending), trapezoids
        double[] sorted = p.clone();
        java.util.Arrays.sort(sorted);
        double total = 0;
        double totalNeg = 0;
        double selfPairs = 0;
        for (double s : p) {
            total += s;
            totalNeg += 1 - s;
            selfPairs += s * (1 - s);
        }
        double area = 0;
        double tpr = 0;
        double fpr = 0;
        for (int i = n - 1; i >= 0; ) {
            double s = sorted[i];
            double tp = 0;
            double fp = 0;
            while (i >= 0 && sorted[i] == s) {
                tp += s;
                fp += 1 - s;
                i--;
            }
            double tpr1 = tpr + tp / total;
            double fpr1 = fpr + fp / totalNeg;
            area += (fpr1 - fpr) * (tpr + tpr1) / 2;
            tpr = tpr1;
            fpr = fpr1;
        }
        double ours = ExpectedRocAuc.of(p);
        assertEquals(selfPairs * Math.abs(ours - 0.5) / (total * totalNeg), Math.abs(ours - area), 1e-12);
        assertTrue(Math.abs(ours - area) <= 0.5 / n);
    }

    @Test
    void estimatedAucIsTheMeanRealizedAucOverLabelDraws() {
        // the ratio of expectations against the expectation of the ratio, by simulation: equal within 1e-3 at n = 2000
        SplittableRandom random = new SplittableRandom(11);
        int n = 2000;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = random.nextDouble();
        }
        int draws = 400;
        double sum = 0;
        boolean[] y = new boolean[n];
        for (int d = 0; d < draws; d++) {
            for (int i = 0; i < n; i++) {
                y[i] = random.nextDouble() < p[i];
            }
            sum += RankedScores.of(p, y).rocAuc().auc();
        }
        // realized AUC sd here is about 0.01, so the mean of 400 draws is within 4 * 0.0005 of its expectation
        assertEquals(sum / draws, ExpectedRocAuc.of(p), 0.002);
    }

    @Test
    void emptyAndOneSidedInputs() {
        CbpeEstimate empty = Cbpe.estimate(new double[0], 0.5);
        assertEquals(0, empty.n());
        assertTrue(Double.isNaN(empty.accuracy()));
        assertTrue(Double.isNaN(empty.rocAuc()));
        assertEquals(0, empty.precision());

        // every score 1: no expected negatives, so the AUC is undefined; precision and recall are certain
        CbpeEstimate sure = Cbpe.estimate(new double[] {1, 1, 1}, 0.5);
        assertTrue(Double.isNaN(sure.rocAuc()));
        assertEquals(1, sure.accuracy());
        assertEquals(1, sure.precision());
        assertEquals(0, sure.accuracyStandardError());
    }

    @Test
    void mergedExpectedConfusionEqualsOne() {
        ExpectedConfusion all = new ExpectedConfusion(0.3);
        ExpectedConfusion a = new ExpectedConfusion(0.3);
        ExpectedConfusion b = new ExpectedConfusion(0.3);
        double[] s = {0.1, 0.3, 0.29, 0.9, 0.5, 0.0, 1.0};
        for (int i = 0; i < s.length; i++) {
            all.add(s[i]);
            (i % 2 == 0 ? a : b).add(s[i]);
        }
        a.merge(b);
        assertEquals(all.expected(), a.expected());
        assertEquals(4, a.predictedPositive());
        assertEquals(0.3 + 0.9 + 0.5 + 1.0, a.expected().tp(), 1e-15);
        assertEquals(0.7 + 0.1 + 0.5 + 0.0, a.expected().fp(), 1e-15);
    }

    static void assertWithin(String metric, double realized, double estimated, double tolerance) {
        assertTrue(Math.abs(realized - estimated) <= tolerance,
                metric + ": realized " + realized + ", estimated " + estimated + ", tolerance " + tolerance);
    }

    static double gaussian(SplittableRandom r) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
