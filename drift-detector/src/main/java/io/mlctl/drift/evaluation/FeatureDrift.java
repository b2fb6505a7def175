package io.mlctl.drift.evaluation;

import io.mlctl.drift.profile.FeatureType;

import java.util.List;

/**
 * The drift of one feature. Statistics that do not apply (KS and Wasserstein for categories, chi-square and Cramér's
 * V for numbers) or cannot be computed (no data; the normed Wasserstein distance of a constant reference) are NaN.
 * {@code reasons} says in words which statistic decided the verdict.
 *
 * @param wasserstein       Wasserstein-1 distance of the two samples, in the feature's unit
 * @param wassersteinNormed {@code wasserstein} over the reference's population standard deviation
 * @param hellinger         Hellinger distance over the bins or categories (raw proportions)
 * @param cramersV          Cramér's V, sqrt(χ² / (n_ref + n_cur))
 * @param adjustedPValue    the Benjamini–Hochberg adjusted p-value of the test that voted (small samples), else NaN
 */
public record FeatureDrift(String name, FeatureType type, double psi, double kl, double jsDistance,
                           double ksStatistic, double ksPValue, double chi2Statistic, double chi2PValue,
                           double wasserstein, double wassersteinNormed, double hellinger, double cramersV,
                           long referenceCount, long currentCount, double nullRateReference, double nullRateCurrent,
                           Verdict verdict, List<String> reasons, double adjustedPValue, FeatureDriftConfig config,
                           Histogram histogram) {
    public FeatureDrift {
        reasons = List.copyOf(reasons);
    }

    /**
     * The value of a statistic as its threshold is applied on larger samples: D for KS, the p-value for chi-square,
     * the normed distance for Wasserstein.
     */
    public double value(Statistic s) {
        return switch (s) {
            case PSI -> psi;
            case KL -> kl;
            case JS -> jsDistance;
            case KS -> ksStatistic;
            case CHI2 -> chi2PValue;
            case WASSERSTEIN -> wassersteinNormed;
            case HELLINGER -> hellinger;
            case CRAMERS_V -> cramersV;
        };
    }

    /** The raw p-value of the feature's test: KS for numbers, chi-square for categories. */
    public double pValue() {
        return type == FeatureType.NUMERIC ? ksPValue : chi2PValue;
    }

    /** Whether both sides are small enough (under {@link FeatureDriftConfig#smallSample()} values) for p-values. */
    public boolean smallSample() {
        return referenceCount < config.smallSample() && currentCount < config.smallSample();
    }

    FeatureDrift judged(Verdict v, List<String> why, double adjusted) {
        return new FeatureDrift(name, type, psi, kl, jsDistance, ksStatistic, ksPValue, chi2Statistic, chi2PValue,
                wasserstein, wassersteinNormed, hellinger, cramersV, referenceCount, currentCount, nullRateReference,
                nullRateCurrent, v, why, adjusted, config, histogram);
    }
}
