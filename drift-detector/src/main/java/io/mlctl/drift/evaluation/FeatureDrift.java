package io.mlctl.drift.evaluation;

import io.mlctl.drift.profile.FeatureType;

import java.util.List;

/**
 * The drift of one feature. Statistics that do not apply (KS for categories, chi-square for numbers) or cannot be
 * computed (no data) are NaN. {@code reasons} says in words which statistic decided the verdict.
 */
public record FeatureDrift(String name, FeatureType type, double psi, double kl, double jsDistance,
                           double ksStatistic, double ksPValue, double chi2Statistic, double chi2PValue,
                           long referenceCount, long currentCount, double nullRateReference, double nullRateCurrent,
                           Verdict verdict, List<String> reasons, FeatureDriftConfig config, Histogram histogram) {
    public FeatureDrift {
        reasons = List.copyOf(reasons);
    }

    /** The value of a statistic as its threshold is applied: D for KS, the p-value for chi-square. */
    public double value(Statistic s) {
        return switch (s) {
            case PSI -> psi;
            case KL -> kl;
            case JS -> jsDistance;
            case KS -> ksStatistic;
            case CHI2 -> chi2PValue;
        };
    }
}
