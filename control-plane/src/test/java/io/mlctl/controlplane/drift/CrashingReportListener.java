package io.mlctl.controlplane.drift;

import io.micronaut.context.annotation.Requires;
import io.mlctl.api.drift.DriftReport;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicInteger;

/** Fails the first window close half-way (after the report row is written), as a process dying there would. */
@Singleton
@Requires(property = "mlctl.test.crash-first-close", value = "true")
public class CrashingReportListener implements DriftReportListener {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public void reportStored(DriftReport report) {
        if (calls.incrementAndGet() == 1) {
            throw new IllegalStateException("simulated crash in the middle of closing window " + report.windowStart());
        }
    }
}
