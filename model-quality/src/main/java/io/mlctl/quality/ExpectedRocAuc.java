package io.mlctl.quality;

import java.util.Arrays;

/**
 * CBPE's estimated ROC AUC: the AUC expected when each row i is independently positive with probability p_i (its
 * calibrated score), as a ratio of expectations over distinct pairs:
 *
 * <pre>
 *   E[U]                    = sum over i != j of p_i (1 - p_j) (1[s_i &gt; s_j] + 1/2 1[s_i = s_j])
 *   E[n_pos n_neg]          = sum over i != j of p_i (1 - p_j) = P N - sum_i p_i (1 - p_i)
 *   estimated AUC           = E[U] / E[n_pos n_neg],      P = sum p_i, N = sum (1 - p_i)
 * </pre>
 *
 * Computed in O(n log n): sort the scores, then walk the distinct scores g ascending with P_g = sum of p, N_g = sum of
 * (1 - p) and S_g = sum of p (1 - p) in the group and N_&lt;g the weight of negatives below:
 * E[U] = sum_g P_g N_&lt;g + (P_g N_g - S_g) / 2.
 *
 * <p>NannyML computes the AUC of the expected ROC curve (cumulative p and 1 - p over the scores descending, trapezoid
 * rule), which is the same sum with the self-pairs i = j counted as ties: (E[U] + S/2) / (P N), S = sum p(1 - p).
 * The two differ by exactly S |AUC - 1/2| / (P N) &lt;= 1 / (2n) (S &lt;= n pi (1 - pi) by concavity and
 * P N = n^2 pi (1 - pi), pi the mean score): at most 0.0005 at n = 1,000. Excluding the self-pairs makes the
 * numerator an exact expectation.
 * The ratio of expectations is not the expectation of the ratio; its bias is O(1/n) as well.
 */
public final class ExpectedRocAuc {
    private ExpectedRocAuc() {
    }

    /** Estimated AUC of the first {@code n} scores (probabilities in [0, 1]); NaN when E[n_pos n_neg] is 0. */
    public static double of(double[] scores, int n) {
        Scores.checkRows(n, scores.length);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            Scores.checkProbability(scores[i]);
            s[i] = scores[i] + 0.0;
        }
        Arrays.sort(s);
        Sum numerator = new Sum();
        Sum positives = new Sum();
        Sum selfPairs = new Sum();
        double negativesBelow = 0;
        Sum negatives = new Sum();
        int i = 0;
        while (i < n) {
            double p = s[i];
            int i0 = i;
            while (i < n && s[i] == p) {
                i++;
            }
            int k = i - i0;
            double pg = k * p;
            double ng = k * (1 - p);
            double sg = k * p * (1 - p);
            numerator.add(pg * negativesBelow);
            numerator.add(0.5 * (pg * ng - sg));
            positives.add(pg);
            negatives.add(ng);
            selfPairs.add(sg);
            negativesBelow = negatives.value();
        }
        double pairs = positives.value() * negatives.value() - selfPairs.value();
        return pairs > 0 ? numerator.value() / pairs : Double.NaN;
    }

    public static double of(double[] scores) {
        return of(scores, scores.length);
    }
}
