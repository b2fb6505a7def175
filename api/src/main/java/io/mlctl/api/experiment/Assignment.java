package io.mlctl.api.experiment;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** {@code GET /experiments/{id}/assign?unit=ID}: the sticky arm of a unit and the model version it should see. */
@Serdeable
public record Assignment(String experiment, String unit, String arm, @Nullable String version, long bucket) {
}
