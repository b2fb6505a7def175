package io.mlctl.api.experiment;

import io.micronaut.serde.annotation.Serdeable;

/** The decision an experiment report recommends; the rollout operator promotes on SHIP and rolls back on the two refusals. */
@Serdeable
public enum Verdict {
    SHIP, DONT_SHIP, KEEP_RUNNING, GUARDRAIL_BREACHED
}
