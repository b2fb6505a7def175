package io.mlctl.controlplane.ingest;

/** Published after a batch of labels committed with at least one matched label (quality gauges recompute). */
public record LabelsStored(String model, int version) {
}
