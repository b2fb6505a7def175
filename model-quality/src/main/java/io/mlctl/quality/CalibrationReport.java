package io.mlctl.quality;

import java.util.List;

/**
 * The calibration check of a reference's scores against its labels.
 *
 * @param verdict          CALIBRATED (CBPE estimates can be trusted), MISCALIBRATED or TOO_FEW_ROWS
 * @param ece              expected calibration error over the 10 bins
 * @param statistic        sum over bins of (O_b - E_b)^2 / V_b (observed positives, sum of p, sum of p(1 - p)),
 *                         a Hosmer-Lemeshow statistic for scores fixed in advance
 * @param degreesOfFreedom bins with V_b &gt; 0
 * @param pValue           P(chi-square(df) &gt;= statistic)
 * @param bins             the reliability table (non-empty bins)
 * @param reason           the verdict in words
 */
public record CalibrationReport(Verdict verdict, long n, double ece, double statistic, int degreesOfFreedom,
                                double pValue, List<ReliabilityBin> bins, String reason) {

    public enum Verdict { CALIBRATED, MISCALIBRATED, TOO_FEW_ROWS }

    /** Whether CBPE estimates computed from these scores may be shown as trustworthy. */
    public boolean trusted() {
        return verdict == Verdict.CALIBRATED;
    }
}
