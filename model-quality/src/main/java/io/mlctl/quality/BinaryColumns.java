package io.mlctl.quality;

import java.util.Arrays;

/**
 * A window's labelled predictions kept as two growable columns (score, label), 9 bytes a row, so that the rank
 * metrics can be computed exactly at any time; mergeable by concatenation. Use it when a window's quality is wanted
 * in full (ROC AUC, PR AUC); {@link BinaryAccumulator} alone when the count-based metrics suffice.
 */
public final class BinaryColumns {
    private double[] scores;
    private boolean[] labels;
    private int size;

    public BinaryColumns() {
        this(1024);
    }

    public BinaryColumns(int expectedRows) {
        scores = new double[Math.max(16, expectedRows)];
        labels = new boolean[scores.length];
    }

    /** Adds one labelled prediction (score = probability of the positive class, in [0, 1]). */
    public void add(double score, boolean positive) {
        Scores.checkProbability(score);
        ensure(size + 1);
        scores[size] = score;
        labels[size] = positive;
        size++;
    }

    public void merge(BinaryColumns other) {
        ensure(size + other.size);
        System.arraycopy(other.scores, 0, scores, size, other.size);
        System.arraycopy(other.labels, 0, labels, size, other.size);
        size += other.size;
    }

    public int size() {
        return size;
    }

    /** All metrics of the rows so far, O(n log n). */
    public BinaryMetrics metrics(double threshold) {
        return BinaryMetrics.of(scores, labels, size, threshold);
    }

    /** The rows' calibration against their labels (reference profiles), with the default rule. */
    public CalibrationReport calibration() {
        CalibrationBins bins = new CalibrationBins();
        for (int i = 0; i < size; i++) {
            bins.add(scores[i], labels[i]);
        }
        return CalibrationCheck.DEFAULT.check(bins);
    }

    /**
     * The CBPE estimate from these rows' scores alone (the labels are not read). A window's estimate belongs to all
     * its predictions, labelled or not: pass those to {@link Cbpe#estimate(double[], double)}.
     */
    public CbpeEstimate estimate(double threshold) {
        return Cbpe.estimate(scores, size, threshold);
    }

    private void ensure(int capacity) {
        if (capacity > scores.length) {
            int grown = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(capacity, 2L * scores.length));
            scores = Arrays.copyOf(scores, grown);
            labels = Arrays.copyOf(labels, grown);
        }
    }
}
