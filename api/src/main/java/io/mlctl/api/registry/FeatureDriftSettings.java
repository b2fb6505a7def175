package io.mlctl.api.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * Drift settings of one feature: which statistics vote, their drift and warn levels (as in {@link DriftSettings}),
 * and the number of numeric bins.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureDriftSettings(@Nullable List<String> statistics,
                           @Nullable Map<String, Double> thresholds,
                           @Nullable Map<String, Double> warn,
                           @Nullable Integer bins) {
}
