package io.mlctl.quality;

/**
 * CBPE's expected confusion matrix from scores alone, streaming and mergeable: if a calibrated score p is the
 * probability that the row is positive, a row predicted positive (p >= threshold) is a true positive with
 * probability p and a false positive with probability 1 - p, a row predicted negative a false negative with
 * probability p and a true negative with 1 - p. So
 * E[TP] = sum of p over predicted positives, E[FP] = sum of (1 - p) over predicted positives,
 * E[FN] = sum of p over predicted negatives, E[TN] = sum of (1 - p) over predicted negatives.
 *
 * <p>It also keeps sum p(1 - p) per predicted class, the variance of the realized TP (and TN) count given the scores,
 * from which {@link CbpeEstimate} states the sampling error of the estimated accuracy and precision.
 */
public final class ExpectedConfusion {
    private final double threshold;
    private final Sum tp = new Sum();
    private final Sum fp = new Sum();
    private final Sum fn = new Sum();
    private final Sum tn = new Sum();
    private final Sum varPredictedPositive = new Sum();
    private final Sum varPredictedNegative = new Sum();
    private long predictedPositive;
    private long n;

    public ExpectedConfusion(double threshold) {
        Scores.checkThreshold(threshold);
        this.threshold = threshold;
    }

    public double threshold() {
        return threshold;
    }

    /** Adds one prediction's score (probability of the positive class, in [0, 1]); no label needed. */
    public void add(double p) {
        Scores.checkProbability(p);
        n++;
        if (p >= threshold) {
            predictedPositive++;
            tp.add(p);
            fp.add(1 - p);
            varPredictedPositive.add(p * (1 - p));
        } else {
            fn.add(p);
            tn.add(1 - p);
            varPredictedNegative.add(p * (1 - p));
        }
    }

    public void merge(ExpectedConfusion other) {
        if (Double.compare(threshold, other.threshold) != 0) {
            throw new IllegalArgumentException("cannot merge threshold " + other.threshold + " into " + threshold);
        }
        n += other.n;
        predictedPositive += other.predictedPositive;
        tp.add(other.tp);
        fp.add(other.fp);
        fn.add(other.fn);
        tn.add(other.tn);
        varPredictedPositive.add(other.varPredictedPositive);
        varPredictedNegative.add(other.varPredictedNegative);
    }

    public long n() {
        return n;
    }

    public long predictedPositive() {
        return predictedPositive;
    }

    /** E[TP], E[FP], E[FN], E[TN]. */
    public ConfusionMatrix expected() {
        return new ConfusionMatrix(tp.value(), fp.value(), fn.value(), tn.value());
    }

    /** Sum of p(1 - p) over the rows predicted positive: Var(TP) = Var(FP) given the scores. */
    public double varianceOfPredictedPositive() {
        return varPredictedPositive.value();
    }

    /** Sum of p(1 - p) over the rows predicted negative: Var(TN) = Var(FN) given the scores. */
    public double varianceOfPredictedNegative() {
        return varPredictedNegative.value();
    }
}
