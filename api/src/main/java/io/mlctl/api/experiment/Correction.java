package io.mlctl.api.experiment;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Multiple-testing correction of the fixed-horizon p-values across primary metrics and treatment arms:
 * {@code holm} (family-wise error, the default), {@code bh} (Benjamini-Hochberg, false discovery rate), {@code none}.
 */
@Serdeable
public enum Correction {
    holm, bh, none
}
