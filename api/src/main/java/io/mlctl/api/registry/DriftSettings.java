package io.mlctl.api.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code drift:} block of a schema: overrides of the drift defaults for all features ({@code default},
 * {@code thresholds}), per feature ({@code features: {amount: {statistics: [psi], thresholds: {psi: 0.3}}}}), and
 * the share of drifted features at which the dataset drifts ({@code datasetDriftShare}, in (0, 1]).
 * Statistics: {@code psi, ks, kl, js, chi2, wasserstein, hellinger, cramers_v}. {@code thresholds} are the drift
 * levels per statistic (chi2: the p-value below which a feature drifts while samples are small, for KS too;
 * wasserstein: the distance over the reference's standard deviation) and {@code warn} the warn levels; a document writes both at once as
 * {@code thresholds: {psi: {warn: 0.1, drift: 0.2}}}. {@link #effective(Feature)} merges them over the product
 * defaults.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DriftSettings(@JsonProperty("default") @Nullable DriftDefaults defaults,
                            @Nullable Map<String, Double> thresholds,
                            @Nullable Map<String, Double> warn,
                            @Nullable Double datasetDriftShare,
                            @Nullable Map<String, FeatureDriftSettings> features) {

    public static final List<String> STATISTICS = List.of("psi", "ks", "kl", "js", "chi2", "wasserstein", "hellinger",
            "cramers_v");
    public static final List<String> NUMERIC_DEFAULT = List.of("psi", "ks", "kl", "wasserstein");
    public static final List<String> CATEGORICAL_DEFAULT = List.of("psi", "chi2", "kl");
    public static final int BINS_DEFAULT = 10;
    static final DriftSettings NONE = new DriftSettings(null, null, null, null, null);

    /** The settings that apply to {@code feature}: its own, else the schema's, else the product defaults. */
    public FeatureDriftSettings effective(Feature feature) {
        FeatureDriftSettings own = features == null ? null : features.get(feature.name());
        List<String> stats = own != null && own.statistics() != null ? own.statistics() : defaultsFor(feature.type());
        Integer bins = own != null && own.bins() != null ? own.bins()
                : defaults != null && defaults.bins() != null ? defaults.bins() : BINS_DEFAULT;
        return new FeatureDriftSettings(stats, merge(thresholds, own == null ? null : own.thresholds()),
                merge(warn, own == null ? null : own.warn()), feature.type() == SchemaFeatureType.NUMERIC ? bins : null);
    }

    private static Map<String, Double> merge(@Nullable Map<String, Double> schemaWide,
                                             @Nullable Map<String, Double> own) {
        Map<String, Double> merged = new LinkedHashMap<>();
        if (schemaWide != null) {
            merged.putAll(schemaWide);
        }
        if (own != null) {
            merged.putAll(own);
        }
        return merged;
    }

    private List<String> defaultsFor(SchemaFeatureType type) {
        return switch (type) {
            case NUMERIC -> defaults != null && defaults.numeric() != null ? defaults.numeric() : NUMERIC_DEFAULT;
            case CATEGORICAL, BOOLEAN -> defaults != null && defaults.categorical() != null
                    ? defaults.categorical() : CATEGORICAL_DEFAULT;
        };
    }
}
