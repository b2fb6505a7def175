package io.mlctl.quality;

import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The scores of positives and of negatives, each sorted once (O(n log n)), and the rank statistics read from them in
 * one merge-like pass over the distinct scores: ROC AUC with its DeLong interval, average precision and the ROC curve.
 * Scores may be any finite numbers here (only their order matters). Exact: no sketch, no approximation besides the
 * normal one of the DeLong interval.
 *
 * <p>With the rows grouped by distinct score g (a_g positives and b_g negatives at that score, N_&lt;g negatives
 * below it and P_&gt;g positives above it), DeLong's structural components are
 * V10 = (N_&lt;g + b_g/2) / n_neg for each positive and V01 = (P_&gt;g + a_g/2) / n_pos for each negative;
 * AUC = mean(V10) = U / (n_pos n_neg). Var(AUC) = S10 / n_pos + S01 / n_neg with S10, S01 the sample variances
 * (divisor n - 1) of V10 and V01.
 */
public final class RankedScores {
    /** Phi^-1(0.975), the 95% two-sided normal quantile. */
    static final double Z95 = new NormalDistribution().inverseCumulativeProbability(0.975);

    private final double[] pos;
    private final double[] neg;

    private RankedScores(double[] pos, double[] neg) {
        this.pos = pos;
        this.neg = neg;
        Arrays.sort(this.pos);
        Arrays.sort(this.neg);
    }

    /** Copies and sorts the scores; {@code labels[i]} is true when row i is actually positive. */
    public static RankedScores of(double[] scores, boolean[] labels) {
        return of(scores, labels, scores.length);
    }

    /** The first {@code n} rows of the two arrays. */
    public static RankedScores of(double[] scores, boolean[] labels, int n) {
        Scores.checkSameLength(scores.length, labels.length);
        Scores.checkRows(n, scores.length);
        int positives = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i]) {
                positives++;
            }
        }
        double[] pos = new double[positives];
        double[] neg = new double[n - positives];
        int p = 0;
        int q = 0;
        for (int i = 0; i < n; i++) {
            double s = scores[i];
            Scores.checkFinite(s);
            // + 0.0 turns -0.0 into 0.0: Arrays.sort orders -0.0 before 0.0, but they are the same score
            if (labels[i]) {
                pos[p++] = s + 0.0;
            } else {
                neg[q++] = s + 0.0;
            }
        }
        return new RankedScores(pos, neg);
    }

    public long positives() {
        return pos.length;
    }

    public long negatives() {
        return neg.length;
    }

    /** ROC AUC (Mann-Whitney, ties half) with its DeLong 95% interval. */
    public RocAuc rocAuc() {
        int m = pos.length;
        int n = neg.length;
        if (m == 0 || n == 0) {
            return RocAuc.undefined(m, n);
        }
        // pass 1, ascending: V10 per tie group of positives, V01 per tie group of negatives; their sums give AUC
        int groups = countGroups();
        double[] v10 = new double[groups];
        double[] v01 = new double[groups];
        int[] a = new int[groups];
        int[] b = new int[groups];
        int i = 0;
        int j = 0;
        int g = 0;
        while (i < m || j < n) {
            double s = next(i, j);
            int i0 = i;
            int j0 = j;
            while (i < m && pos[i] == s) {
                i++;
            }
            while (j < n && neg[j] == s) {
                j++;
            }
            a[g] = i - i0;
            b[g] = j - j0;
            v10[g] = (j0 + 0.5 * b[g]) / n;
            v01[g] = ((m - i) + 0.5 * a[g]) / m;
            g++;
        }
        Sum u = new Sum();
        for (g = 0; g < groups; g++) {
            u.add(a[g] * v10[g]);
        }
        double auc = u.value() / m;
        if (m < 2 || n < 2) {
            return new RocAuc(auc, Double.NaN, Double.NaN, Double.NaN, m, n);
        }
        // pass 2: centred sums of squares (two passes keep the variance accurate when AUC is near 0 or 1)
        Sum s10 = new Sum();
        Sum s01 = new Sum();
        for (g = 0; g < groups; g++) {
            double d10 = v10[g] - auc;
            double d01 = v01[g] - auc;
            s10.add(a[g] * d10 * d10);
            s01.add(b[g] * d01 * d01);
        }
        double variance = s10.value() / (m - 1) / m + s01.value() / (n - 1) / n;
        double se = Math.sqrt(variance);
        return new RocAuc(auc, se, Math.max(0, auc - Z95 * se), Math.min(1, auc + Z95 * se), m, n);
    }

    /**
     * Average precision: sum over distinct scores, descending, of (R_k - R_{k-1}) P_k, where R_k and P_k are recall
     * and precision when predicting positive at score >= the k-th distinct score (R_0 = 0). NaN without positives.
     */
    public double averagePrecision() {
        int m = pos.length;
        if (m == 0) {
            return Double.NaN;
        }
        int i = m - 1;
        int j = neg.length - 1;
        long tp = 0;
        long fp = 0;
        Sum ap = new Sum();
        double recall = 0;
        while (i >= 0 || j >= 0) {
            double s = prev(i, j);
            long tp0 = tp;
            while (i >= 0 && pos[i] == s) {
                i--;
                tp++;
            }
            while (j >= 0 && neg[j] == s) {
                j--;
                fp++;
            }
            if (tp != tp0) {
                double r = (double) tp / m;
                ap.add((r - recall) * ((double) tp / (tp + fp)));
                recall = r;
            }
        }
        return ap.value();
    }

    /**
     * The ROC curve at every distinct score, descending, from (0, 0) to (1, 1); when it has more than
     * {@code maxPoints} points, evenly spaced ones of them (always keeping the first and last), for charts.
     * Empty when there is no positive or no negative.
     */
    public List<RocPoint> rocCurve(int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("a ROC curve needs at least 2 points, not " + maxPoints);
        }
        int m = pos.length;
        int n = neg.length;
        List<RocPoint> all = new ArrayList<>();
        if (m == 0 || n == 0) {
            return all;
        }
        all.add(new RocPoint(Double.POSITIVE_INFINITY, 0, 0));
        int i = m - 1;
        int j = n - 1;
        long tp = 0;
        long fp = 0;
        while (i >= 0 || j >= 0) {
            double s = prev(i, j);
            while (i >= 0 && pos[i] == s) {
                i--;
                tp++;
            }
            while (j >= 0 && neg[j] == s) {
                j--;
                fp++;
            }
            all.add(new RocPoint(s, (double) fp / n, (double) tp / m));
        }
        if (all.size() <= maxPoints) {
            return all;
        }
        List<RocPoint> some = new ArrayList<>(maxPoints);
        for (int k = 0; k < maxPoints; k++) {
            some.add(all.get((int) Math.round((double) k * (all.size() - 1) / (maxPoints - 1))));
        }
        return some;
    }

    private int countGroups() {
        int i = 0;
        int j = 0;
        int groups = 0;
        while (i < pos.length || j < neg.length) {
            double s = next(i, j);
            while (i < pos.length && pos[i] == s) {
                i++;
            }
            while (j < neg.length && neg[j] == s) {
                j++;
            }
            groups++;
        }
        return groups;
    }

    /** The smallest score not yet passed in an ascending walk. */
    private double next(int i, int j) {
        if (i >= pos.length) {
            return neg[j];
        }
        if (j >= neg.length) {
            return pos[i];
        }
        return Math.min(pos[i], neg[j]);
    }

    /** The largest score not yet passed in a descending walk. */
    private double prev(int i, int j) {
        if (i < 0) {
            return neg[j];
        }
        if (j < 0) {
            return pos[i];
        }
        return Math.max(pos[i], neg[j]);
    }
}
