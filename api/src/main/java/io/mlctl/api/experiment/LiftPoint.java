package io.mlctl.api.experiment;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.LocalDate;

/**
 * The cumulative relative lift of one metric and treatment arm at the end of a day (UTC), with its confidence
 * sequence: the series the report's "lift over time" chart draws.
 */
@Serdeable
public record LiftPoint(String metric, String arm, LocalDate day, long controlUnits, long armUnits,
                        @Nullable Double relativeLift, Bounds confidenceSequence) {
}
