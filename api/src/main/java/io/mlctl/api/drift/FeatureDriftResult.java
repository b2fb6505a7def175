package io.mlctl.api.drift;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One feature's row of a drift report — the same shape from {@code mlctl drift compare --output json} and from the
 * control plane's drift reports. The prediction is the feature {@code __prediction__}.
 *
 * @param type              {@code numeric} or {@code categorical}
 * @param psi               population stability index over the reference's bins or categories (null: no data)
 * @param kl                KL divergence of the reference from the current data, nats (null: no data)
 * @param jsDistance        Jensen–Shannon distance (null: no data)
 * @param ksStatistic       numeric only: two-sample Kolmogorov–Smirnov D
 * @param ksPValue          numeric only: its p-value (exact when n·m &lt; 10,000, asymptotic otherwise)
 * @param chi2PValue        categorical only: chi-square test of homogeneity p-value
 * @param wasserstein       numeric only: Wasserstein-1 distance of the two samples, in the feature's unit
 * @param wassersteinNormed numeric only: {@code wasserstein} over the reference's population standard deviation
 *                          (absent when that is 0)
 * @param hellinger         Hellinger distance over the bins or categories, raw proportions (null: no data)
 * @param cramersV          categorical only: Cramér's V, sqrt(χ² / (n_ref + n_cur))
 * @param nullRateReference share of reference rows that are null, NaN or infinite (null: no rows)
 * @param nullRateCurrent   the same for the current rows
 * @param verdict           {@code ok}, {@code warn}, {@code drift} or {@code no_data}
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS) // statistics without data are null, not missing; KS/chi-square by type
@JsonPropertyOrder({"name", "type", "psi", "kl", "js_distance", "ks_statistic", "ks_pvalue", "chi2_pvalue",
        "wasserstein", "wasserstein_normed", "hellinger", "cramers_v", "null_rate_reference", "null_rate_current",
        "verdict"})
public record FeatureDriftResult(String name,
                                 String type,
                                 @Nullable Double psi,
                                 @Nullable Double kl,
                                 @JsonProperty("js_distance") @Nullable Double jsDistance,
                                 @JsonProperty("ks_statistic") @JsonInclude(JsonInclude.Include.NON_NULL)
                                 @Nullable Double ksStatistic,
                                 @JsonProperty("ks_pvalue") @JsonInclude(JsonInclude.Include.NON_NULL)
                                 @Nullable Double ksPValue,
                                 @JsonProperty("chi2_pvalue") @JsonInclude(JsonInclude.Include.NON_NULL)
                                 @Nullable Double chi2PValue,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Double wasserstein,
                                 @JsonProperty("wasserstein_normed") @JsonInclude(JsonInclude.Include.NON_NULL)
                                 @Nullable Double wassersteinNormed,
                                 @Nullable Double hellinger,
                                 @JsonProperty("cramers_v") @JsonInclude(JsonInclude.Include.NON_NULL)
                                 @Nullable Double cramersV,
                                 @JsonProperty("null_rate_reference") @Nullable Double nullRateReference,
                                 @JsonProperty("null_rate_current") @Nullable Double nullRateCurrent,
                                 String verdict) {
    public static final String NUMERIC = "numeric";
    public static final String CATEGORICAL = "categorical";
    public static final String OK = "ok";
    public static final String WARN = "warn";
    public static final String DRIFT = "drift";
    public static final String NO_DATA = "no_data";

    /**
     * A row from the detector's numbers: NaN (not computable) becomes null, and only what applies to the type is kept
     * (KS and Wasserstein for numbers, chi-square and Cramér's V for categories). Used by the CLI and the control
     * plane alike.
     */
    public static FeatureDriftResult of(String name, String type, double psi, double kl, double jsDistance,
                                        double ksStatistic, double ksPValue, double chi2PValue, double wasserstein,
                                        double wassersteinNormed, double hellinger, double cramersV,
                                        double nullRateReference, double nullRateCurrent, String verdict) {
        boolean numeric = NUMERIC.equals(type);
        return new FeatureDriftResult(name, type, orNull(psi), orNull(kl), orNull(jsDistance),
                numeric ? orNull(ksStatistic) : null, numeric ? orNull(ksPValue) : null,
                numeric ? null : orNull(chi2PValue), numeric ? orNull(wasserstein) : null,
                numeric ? orNull(wassersteinNormed) : null, orNull(hellinger), numeric ? null : orNull(cramersV),
                orNull(nullRateReference), orNull(nullRateCurrent), verdict);
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
