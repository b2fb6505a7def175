package io.mlctl.api.experiment;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * Sample-ratio mismatch: exposed units per arm against the planned split (chi-square goodness of fit). Not
 * {@code evaluated} while an arm expects fewer than 5 units; {@code mismatch} when p < 0.001.
 */
@Serdeable
public record SrmCheck(boolean evaluated, Map<String, Long> observed, Map<String, Double> expectedShare,
                       @Nullable Double chiSquare, @Nullable Double pValue, boolean mismatch) {
}
