package io.mlctl.api.experiment;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * {@code POST /api/v1/experiments}. {@code name} (DNS-1123 label, unique) is the experiment's id in every path.
 * Defaults: alpha 0.05, power 0.8, a random salt, no maxDuration, nStar 5000, correction holm.
 *
 * @param maxDuration how long it may run, e.g. {@code 14d}, {@code 36h}, {@code 90m} or ISO-8601 {@code P14D};
 *                    after it, the experiment stops accepting events and the report decides
 * @param nStar       the number of units (both arms) at which the confidence sequences are tightest
 */
@Serdeable
public record ExperimentRequest(String name,
                                String model,
                                @Nullable String description,
                                List<ArmSpec> arms,
                                List<MetricSpec> metrics,
                                @Nullable Double alpha,
                                @Nullable Double power,
                                @Nullable String salt,
                                @Nullable String maxDuration,
                                @Nullable Long nStar,
                                @Nullable Correction correction) {
}
