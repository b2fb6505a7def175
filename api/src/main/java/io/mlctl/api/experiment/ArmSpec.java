package io.mlctl.api.experiment;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One arm: its name ({@code control}, {@code treatment}, ...), the model version it serves and its integer share of
 * the traffic (50/50, 90/10...). The control arm is the one named {@code control}, or else the first.
 */
@Serdeable
// weight is boxed so that an arm without one is an error naming it, not weight 0
public record ArmSpec(String name, @Nullable String version, Integer weight) {
}
