package io.mlctl.api.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * The {@code drift:} block of a schema: overrides of the drift defaults for all features ({@code default},
 * {@code thresholds}) and per feature ({@code features: {amount: {statistics: [psi], thresholds: {psi: 0.3}}}}).
 * Statistics: {@code psi, ks, kl, js, chi2}; thresholds are per statistic (chi2: the p-value below which a feature
 * drifts). {@link #effective(Feature)} merges them over the product defaults.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DriftSettings(@JsonProperty("default") @Nullable DriftDefaults defaults,
                            @Nullable Map<String, Double> thresholds,
                            @Nullable Map<String, FeatureDrift> features) {

    public static final List<String> STATISTICS = List.of("psi", "ks", "kl", "js", "chi2");
    public static final List<String> NUMERIC_DEFAULT = List.of("psi", "ks", "kl");
    public static final List<String> CATEGORICAL_DEFAULT = List.of("psi", "chi2", "kl");
    public static final int BINS_DEFAULT = 10;

    /** The settings that apply to {@code feature}: its own, else the schema's, else the product defaults. */
    public FeatureDrift effective(Feature feature) {
        FeatureDrift own = features == null ? null : features.get(feature.name());
        List<String> stats = own != null && own.statistics() != null ? own.statistics() : defaultsFor(feature.type());
        Integer bins = own != null && own.bins() != null ? own.bins()
                : defaults != null && defaults.bins() != null ? defaults.bins() : BINS_DEFAULT;
        Map<String, Double> merged = new java.util.LinkedHashMap<>();
        if (thresholds != null) {
            merged.putAll(thresholds);
        }
        if (own != null && own.thresholds() != null) {
            merged.putAll(own.thresholds());
        }
        return new FeatureDrift(stats, merged, feature.type() == FeatureType.NUMERIC ? bins : null);
    }

    private List<String> defaultsFor(FeatureType type) {
        return switch (type) {
            case NUMERIC -> defaults != null && defaults.numeric() != null ? defaults.numeric() : NUMERIC_DEFAULT;
            case CATEGORICAL, BOOLEAN -> defaults != null && defaults.categorical() != null
                    ? defaults.categorical() : CATEGORICAL_DEFAULT;
        };
    }
}
