package io.mlctl.api.experiment;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** {@code POST /api/v1/experiments/{id}/stop}; the body is optional. */
@Serdeable
public record StopRequest(@Nullable String reason) {
}
