package io.mlctl.controlplane.drift;

import io.mlctl.api.drift.DriftReport;

import java.sql.Connection;

/**
 * Told about every window report inside the closing transaction (so what it writes, e.g. a retrain trigger, commits
 * or rolls back with the report), and again after the commit (for side effects such as deliveries).
 */
public interface DriftReportListener {

    void reportStored(Connection connection, DriftReport report);

    default void afterCommit(DriftReport report) {
    }
}
