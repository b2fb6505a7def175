package io.mlctl.api.experiment;

import io.micronaut.serde.annotation.Serdeable;

/** A primary metric decides the verdict; a guardrail may only veto it (non-inferiority). */
@Serdeable
public enum MetricRole {
    primary, guardrail
}
