package io.mlctl.quality;

/**
 * Confidence-based performance estimation (NannyML's CBPE) for binary models whose scores are calibrated
 * probabilities: the quality a window will show once its labels arrive, estimated from its scores. Trust it only
 * when {@link CalibrationCheck} finds the scores calibrated on the reference.
 */
public final class Cbpe {
    private Cbpe() {
    }

    /** Estimates from all the scores, O(n log n) (the AUC sorts them). */
    public static CbpeEstimate estimate(double[] scores, double threshold) {
        return estimate(scores, scores.length, threshold);
    }

    /** The same over the first {@code n} scores. */
    public static CbpeEstimate estimate(double[] scores, int n, double threshold) {
        Scores.checkRows(n, scores.length);
        ExpectedConfusion expected = new ExpectedConfusion(threshold);
        for (int i = 0; i < n; i++) {
            expected.add(scores[i]);
        }
        return estimate(expected, ExpectedRocAuc.of(scores, n));
    }

    /** Estimates from a streaming expected confusion matrix and an AUC estimate (NaN when not computed). */
    public static CbpeEstimate estimate(ExpectedConfusion expected, double rocAuc) {
        ConfusionMatrix c = expected.expected();
        long n = expected.n();
        long pp = expected.predictedPositive();
        double accuracySe = n == 0 ? Double.NaN
                : Math.sqrt(expected.varianceOfPredictedPositive() + expected.varianceOfPredictedNegative()) / n;
        double precisionSe = pp == 0 ? Double.NaN : Math.sqrt(expected.varianceOfPredictedPositive()) / pp;
        return new CbpeEstimate(n, expected.threshold(), c, c.accuracy(), c.precision(), c.recall(), c.f1(), rocAuc,
                accuracySe, precisionSe);
    }
}
