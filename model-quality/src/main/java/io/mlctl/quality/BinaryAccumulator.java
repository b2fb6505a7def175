package io.mlctl.quality;

/**
 * Streaming, mergeable accumulator of a binary model's count-based metrics: the confusion matrix at a threshold
 * (predicted positive when score >= threshold), log loss, Brier score and the calibration bins (ECE). O(1) time and
 * memory per row, so a window can take late labels one at a time and two windows (or shards) can be merged.
 * Rank metrics (ROC AUC, average precision) need every score: {@link RankedScores}.
 *
 * <p>Log loss = -1/n sum [y ln(q) + (1 - y) ln(1 - q)] with q = p clipped to [1e-15, 1 - 1e-15];
 * Brier = 1/n sum (p - y)^2.
 */
public final class BinaryAccumulator {
    /** Scores are clipped to [EPS, 1 - EPS] in the log loss, as scikit-learn did, so a confident miss costs ~34.5. */
    public static final double LOG_LOSS_EPS = 1e-15;

    private final double threshold;
    private long tp;
    private long fp;
    private long fn;
    private long tn;
    private final Sum logLoss = new Sum();
    private final Sum brier = new Sum();
    private final CalibrationBins bins = new CalibrationBins();

    public BinaryAccumulator(double threshold) {
        Scores.checkThreshold(threshold);
        this.threshold = threshold;
    }

    public double threshold() {
        return threshold;
    }

    /** Adds one labelled prediction; the score is the probability of the positive class, in [0, 1]. */
    public void add(double score, boolean positive) {
        Scores.checkProbability(score);
        boolean predicted = score >= threshold;
        if (predicted) {
            if (positive) {
                tp++;
            } else {
                fp++;
            }
        } else if (positive) {
            fn++;
        } else {
            tn++;
        }
        double q = Math.min(Math.max(score, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
        logLoss.add(-Math.log(positive ? q : 1 - q));
        double e = score - (positive ? 1 : 0);
        brier.add(e * e);
        bins.add(score, positive);
    }

    /** Adds the rows of another accumulator with the same threshold. */
    public void merge(BinaryAccumulator other) {
        if (Double.compare(threshold, other.threshold) != 0) {
            throw new IllegalArgumentException("cannot merge threshold " + other.threshold + " into " + threshold);
        }
        tp += other.tp;
        fp += other.fp;
        fn += other.fn;
        tn += other.tn;
        logLoss.add(other.logLoss);
        brier.add(other.brier);
        bins.merge(other.bins);
    }

    public long n() {
        return tp + fp + fn + tn;
    }

    public long positives() {
        return tp + fn;
    }

    public ConfusionMatrix confusion() {
        return new ConfusionMatrix(tp, fp, fn, tn);
    }

    /** Mean log loss; NaN without rows. */
    public double logLoss() {
        return mean(logLoss);
    }

    /** Mean squared difference between score and label; NaN without rows. */
    public double brier() {
        return mean(brier);
    }

    /** Expected calibration error over 10 bins; NaN without rows. */
    public double ece() {
        return bins.ece();
    }

    /** The calibration bins (a live view: further adds show in it). */
    public CalibrationBins calibration() {
        return bins;
    }

    private double mean(Sum s) {
        long n = n();
        return n == 0 ? Double.NaN : s.value() / n;
    }
}
