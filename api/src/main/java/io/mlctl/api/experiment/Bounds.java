package io.mlctl.api.experiment;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** An interval; a bound is null when it is unbounded (e.g. a lift over a control level of zero). */
@Serdeable
public record Bounds(@Nullable Double lower, @Nullable Double upper) {
}
