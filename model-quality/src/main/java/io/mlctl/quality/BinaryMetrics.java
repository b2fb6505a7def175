package io.mlctl.quality;

/**
 * Every realized metric of a binary model over a set of labelled predictions (docs/DESIGN.md "Model quality"): confusion
 * counts at the threshold and their rates, ROC AUC with its DeLong interval, PR AUC (average precision), log loss,
 * Brier score and ECE. NaN marks an undefined value (see {@link io.mlctl.quality}).
 */
public record BinaryMetrics(long n, long positives, double threshold, ConfusionMatrix confusion, double accuracy,
                            double precision, double recall, double f1, RocAuc rocAuc, double prAuc, double logLoss,
                            double brier, double ece) {

    /**
     * Computes all metrics in O(n log n).
     *
     * @param scores    probability of the positive class per row, in [0, 1]
     * @param labels    true where the row is actually positive
     * @param threshold predicted positive when score >= threshold
     */
    public static BinaryMetrics of(double[] scores, boolean[] labels, double threshold) {
        return of(scores, labels, scores.length, threshold);
    }

    /** The same over the first {@code n} rows of the arrays. */
    public static BinaryMetrics of(double[] scores, boolean[] labels, int n, double threshold) {
        Scores.checkSameLength(scores.length, labels.length);
        Scores.checkRows(n, scores.length);
        BinaryAccumulator counts = new BinaryAccumulator(threshold);
        for (int i = 0; i < n; i++) {
            counts.add(scores[i], labels[i]);
        }
        return of(counts, RankedScores.of(scores, labels, n));
    }

    /** Combines an accumulator and the ranked scores of the same rows. */
    public static BinaryMetrics of(BinaryAccumulator counts, RankedScores ranked) {
        if (counts.n() != ranked.positives() + ranked.negatives() || counts.positives() != ranked.positives()) {
            throw new IllegalArgumentException("the accumulator and the ranked scores hold different rows");
        }
        ConfusionMatrix c = counts.confusion();
        return new BinaryMetrics(counts.n(), counts.positives(), counts.threshold(), c, c.accuracy(), c.precision(),
                c.recall(), c.f1(), ranked.rocAuc(), ranked.averagePrecision(), counts.logLoss(), counts.brier(),
                counts.ece());
    }
}
