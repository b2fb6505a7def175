package io.mlctl.controlplane.drift;

import io.mlctl.api.drift.DriftReport;

/**
 * Told about every window report inside the closing transaction (so what it writes, e.g. a retrain trigger, commits
 * or rolls back with the report: write through {@link io.mlctl.controlplane.db.Jdbc#joined}, which runs in that
 * transaction), and again after the commit (for side effects such as deliveries).
 */
public interface DriftReportListener {

    void reportStored(DriftReport report);

    default void afterCommit(DriftReport report) {
    }
}
