package io.mlctl.quality;

/**
 * The four cells of a binary confusion matrix at a threshold, and the rates derived from them.
 *
 * <p>Realized matrices hold whole counts; CBPE's expected matrix ({@link ExpectedConfusion}) holds expectations, so
 * the cells are doubles (exact for counts up to 2^53). Precision, recall and F1 count 0/0 as 0 (scikit-learn's
 * {@code zero_division=0}); accuracy of an empty matrix is {@code NaN}.
 *
 * @param tp actual positive, predicted positive
 * @param fp actual negative, predicted positive
 * @param fn actual positive, predicted negative
 * @param tn actual negative, predicted negative
 */
public record ConfusionMatrix(double tp, double fp, double fn, double tn) {

    public double n() {
        return tp + fp + fn + tn;
    }

    /** (TP + TN) / n. */
    public double accuracy() {
        double n = n();
        return n == 0 ? Double.NaN : (tp + tn) / n;
    }

    /** TP / (TP + FP), 0 when nothing is predicted positive. */
    public double precision() {
        return ratio(tp, tp + fp);
    }

    /** TP / (TP + FN), 0 when nothing is actually positive. */
    public double recall() {
        return ratio(tp, tp + fn);
    }

    /** 2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall; 0 when both are 0/0. */
    public double f1() {
        return ratio(2 * tp, 2 * tp + fp + fn);
    }

    public ConfusionMatrix plus(ConfusionMatrix o) {
        return new ConfusionMatrix(tp + o.tp, fp + o.fp, fn + o.fn, tn + o.tn);
    }

    static double ratio(double num, double den) {
        return den == 0 ? 0 : num / den;
    }
}
