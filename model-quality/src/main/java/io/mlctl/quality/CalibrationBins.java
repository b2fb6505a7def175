package io.mlctl.quality;

import java.util.ArrayList;
import java.util.List;

/**
 * Ten equal-width score bins with, per bin, the row count, the sum of scores, the number of positives and the sum of
 * p(1 - p): enough for the expected calibration error, the reliability table and the calibration check. Mergeable
 * (sums), O(1) per row.
 *
 * <p>A score p goes to bin {@code min(floor(10 p), 9)}, so 1.0 is in the last bin.
 * ECE = sum over bins of n_b / n |mean(y_b) - mean(p_b)| = sum_b |sum y_b - sum p_b| / n.
 */
public final class CalibrationBins {
    public static final int BINS = 10;

    private final long[] count = new long[BINS];
    private final long[] positives = new long[BINS];
    private final Sum[] scoreSum = new Sum[BINS];
    private final Sum[] varianceSum = new Sum[BINS];

    public CalibrationBins() {
        for (int b = 0; b < BINS; b++) {
            scoreSum[b] = new Sum();
            varianceSum[b] = new Sum();
        }
    }

    /** The bin of a probability in [0, 1]. */
    public static int bin(double p) {
        return Math.min((int) Math.floor(BINS * p), BINS - 1);
    }

    /** Adds one labelled score; the score must be a probability in [0, 1]. */
    public void add(double p, boolean positive) {
        Scores.checkProbability(p);
        int b = bin(p);
        count[b]++;
        if (positive) {
            positives[b]++;
        }
        scoreSum[b].add(p);
        varianceSum[b].add(p * (1 - p));
    }

    public void merge(CalibrationBins other) {
        for (int b = 0; b < BINS; b++) {
            count[b] += other.count[b];
            positives[b] += other.positives[b];
            scoreSum[b].add(other.scoreSum[b]);
            varianceSum[b].add(other.varianceSum[b]);
        }
    }

    public long n() {
        long n = 0;
        for (long c : count) {
            n += c;
        }
        return n;
    }

    /** Expected calibration error over the ten bins; NaN without rows. */
    public double ece() {
        long n = n();
        if (n == 0) {
            return Double.NaN;
        }
        Sum ece = new Sum();
        for (int b = 0; b < BINS; b++) {
            if (count[b] > 0) {
                // n_b/n |y_b/n_b - p_b/n_b|, written as NumPy computes it (bin means first) to match it bit for bit
                double c = count[b];
                ece.add(c / n * Math.abs(positives[b] / c - scoreSum[b].value() / c));
            }
        }
        return ece.value();
    }

    /** The non-empty bins, lowest scores first. */
    public List<ReliabilityBin> table() {
        List<ReliabilityBin> rows = new ArrayList<>();
        for (int b = 0; b < BINS; b++) {
            if (count[b] > 0) {
                double c = count[b];
                rows.add(new ReliabilityBin(b, (double) b / BINS, (double) (b + 1) / BINS, count[b],
                        scoreSum[b].value() / c, positives[b] / c, varianceSum[b].value()));
            }
        }
        return rows;
    }

    /** Positives observed in bin b. */
    long positives(int b) {
        return positives[b];
    }
}
