package io.mlctl.api.experiment;

import io.micronaut.serde.annotation.Serdeable;

/** How a metric's per-unit values are analysed: 0/1 conversions (z-test) or any number (Welch t-test). */
@Serdeable
public enum MetricType {
    proportion, mean
}
