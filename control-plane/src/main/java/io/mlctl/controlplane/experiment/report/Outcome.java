package io.mlctl.controlplane.experiment.report;

/**
 * What one metric says about one treatment arm. Primary metrics: WIN or LOSS (significant, fixed-horizon once the
 * planned samples are in, or earlier when the confidence sequence excludes zero), FLAT (planned samples in, nothing
 * significant) or PENDING. Guardrails: the non-inferiority outcome.
 */
public enum Outcome {
    WIN, LOSS, FLAT, PENDING, NON_INFERIOR, INCONCLUSIVE, BREACHED
}
