package io.mlctl.api.experiment;

import io.micronaut.serde.annotation.Serdeable;

/** {@code running} accepts events; {@code stopped} (by request or after maxDuration) does not. */
@Serdeable
public enum ExperimentStatus {
    running, stopped
}
