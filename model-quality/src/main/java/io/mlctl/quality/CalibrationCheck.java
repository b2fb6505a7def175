package io.mlctl.quality;

import org.apache.commons.math3.special.Gamma;

import java.util.List;

/**
 * Decides whether a model's scores are calibrated enough, on a labelled reference, for CBPE estimates to be trusted.
 *
 * <p>Rule: MISCALIBRATED when the miscalibration is both material and real, that is
 * {@code ece > maxEce} (default 0.05) and the calibration test rejects at {@code alpha} (default 0.01);
 * TOO_FEW_ROWS under {@code minRows} (default 100) labelled rows; CALIBRATED otherwise.
 *
 * <ul>
 *   <li>Why the ECE gate: with the threshold on a bin edge (0.5 is), the bias of the estimated accuracy is at most
 *       the population ECE (sum_b |E[O_b] - E_b| / n), so ECE &lt;= 0.05 bounds it by 5 points.</li>
 *   <li>Why the test gate: the sample ECE of perfectly calibrated scores is positive (about
 *       sum_b sqrt(2 V_b / pi) / n: 0.08 at n = 150 and 0.03 at n = 1,000 for
 *       uniform scores), so the ECE alone would condemn good models on small
 *       references. The test alone would condemn harmless miscalibration on large ones (the drift p-value problem).</li>
 *   <li>The test: if the scores are calibrated the labels are independent Bernoulli(p), so per bin
 *       O_b - E_b has mean 0 and variance V_b = sum p(1 - p) exactly, and the statistic
 *       sum_b (O_b - E_b)^2 / V_b is approximately chi-square with one degree of freedom per bin with V_b &gt; 0
 *       (no degrees are lost: the scores were not fitted to this sample, unlike the in-sample Hosmer-Lemeshow test
 *       with g - 2). The approximation is loose for bins with small V_b; the ECE gate keeps such bins from deciding
 *       alone. So a calibrated model is called miscalibrated at most alpha (1%) of the time, up to that
 *       approximation. A bin with V_b = 0 (all scores exactly 0 or 1) that disagrees with its labels makes the statistic
 *       infinite.</li>
 * </ul>
 */
public record CalibrationCheck(double maxEce, double alpha, long minRows) {
    public static final CalibrationCheck DEFAULT = new CalibrationCheck(0.05, 0.01, 100);

    public CalibrationCheck {
        if (!(maxEce >= 0) || !(alpha > 0 && alpha < 1) || minRows < 1) {
            throw new IllegalArgumentException("maxEce >= 0, 0 < alpha < 1 and minRows >= 1 are required");
        }
    }

    /** Checks labelled reference scores (probabilities of the positive class). */
    public CalibrationReport check(double[] scores, boolean[] labels) {
        Scores.checkSameLength(scores.length, labels.length);
        CalibrationBins bins = new CalibrationBins();
        for (int i = 0; i < scores.length; i++) {
            bins.add(scores[i], labels[i]);
        }
        return check(bins);
    }

    public CalibrationReport check(CalibrationBins bins) {
        long n = bins.n();
        List<ReliabilityBin> table = bins.table();
        double statistic = 0;
        int df = 0;
        for (ReliabilityBin b : table) {
            double observed = b.observedRate() * b.count();
            double expected = b.meanScore() * b.count();
            double d = observed - expected;
            if (b.expectedVariance() > 0) {
                statistic += d * d / b.expectedVariance();
                df++;
            } else if (Math.abs(d) > 1e-9) {
                statistic = Double.POSITIVE_INFINITY;
            }
        }
        double p;
        if (statistic == Double.POSITIVE_INFINITY) {
            p = 0;
        } else if (df == 0) {
            p = 1;
        } else {
            // the upper tail directly (Q(df/2, x/2)): 1 - cdf would round small p-values to 0
            p = Gamma.regularizedGammaQ(df / 2.0, statistic / 2);
        }
        double ece = bins.ece();
        if (n < minRows) {
            return new CalibrationReport(CalibrationReport.Verdict.TOO_FEW_ROWS, n, ece, statistic, df, p, table,
                    String.format("%d labelled reference rows, at least %d needed to check calibration", n, minRows));
        }
        if (ece > maxEce && p < alpha) {
            return new CalibrationReport(CalibrationReport.Verdict.MISCALIBRATED, n, ece, statistic, df, p, table,
                    String.format("ECE %.4f > %.4f and the calibration test rejects (p = %.3g < %.3g): "
                            + "estimates from these scores are not trusted", ece, maxEce, p, alpha));
        }
        String why = ece <= maxEce ? String.format("ECE %.4f <= %.4f", ece, maxEce)
                : String.format("ECE %.4f > %.4f but within sampling noise (p = %.3g >= %.3g)", ece, maxEce, p, alpha);
        return new CalibrationReport(CalibrationReport.Verdict.CALIBRATED, n, ece, statistic, df, p, table, why);
    }
}
