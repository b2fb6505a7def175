package io.mlctl.controlplane.drift;

import io.mlctl.controlplane.ingest.Granularity;

import java.time.Instant;

/** A window row locked by the closer. */
record ClosingWindow(long id, String model, int version, Granularity granularity, Instant start, Instant end,
                     long referenceId, long rows) {
}
