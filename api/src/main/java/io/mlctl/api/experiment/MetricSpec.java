package io.mlctl.api.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A metric of an experiment.
 *
 * <p>A primary metric needs a design to size the test: for a proportion the {@code baseline} rate and an MDE
 * ({@code mdeRelative} or {@code mdeAbsolute}); for a mean {@code sigma} and {@code mdeAbsolute} (or
 * {@code mdeRelative} with the {@code baseline} mean). A guardrail has a non-inferiority {@code margin}, relative to
 * the control's level (0.05 tolerates 5% worse; default 0: any significant harm breaches).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricSpec(String name,
                         MetricType type,
                         @Nullable MetricRole role,
                         @Nullable MetricDirection direction,
                         @Nullable Double baseline,
                         @Nullable Double sigma,
                         @Nullable Double mdeRelative,
                         @Nullable Double mdeAbsolute,
                         @Nullable Double margin) {
}
