package io.mlctl.controlplane.drift;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.mlctl.api.drift.DriftReport;
import io.mlctl.controlplane.window.Granularity;
import io.mlctl.controlplane.window.ReferenceCache;
import io.mlctl.controlplane.schema.SampleSchema;
import io.mlctl.controlplane.schema.SchemaSource;
import io.mlctl.controlplane.window.Windowing;
import io.mlctl.controlplane.db.Jdbc;
import io.mlctl.controlplane.window.ClosingWindow;
import io.mlctl.controlplane.window.WindowStore;
import io.mlctl.drift.evaluation.DatasetDrift;
import io.mlctl.drift.evaluation.DriftConfig;
import io.mlctl.drift.evaluation.DriftEvaluator;
import io.mlctl.drift.profile.DatasetProfile;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Closes due windows through the {@link WindowStore}. Each close is one transaction: lock the OPEN window row (SKIP
 * LOCKED, so with several control-plane processes exactly one closes it and the others move on), merge its partial
 * profiles as they stream from the database, evaluate drift against the reference, store the report, roll the merged
 * profile up into the hour (and the hour into the day), set CLOSED and delete the partials; the
 * {@link DriftReportListener}s' {@code reportStored} runs in that transaction too. A process that dies half-way leaves
 * the window OPEN, so the next run (after a restart, or in another replica) closes it.
 */
@Singleton
public class WindowCloser {
    private static final Logger LOG = LoggerFactory.getLogger(WindowCloser.class);
    private static final String INSTANCE = ManagementFactory.getRuntimeMXBean().getName();

    private final Jdbc jdbc;
    private final WindowStore windows;
    private final ReferenceCache references;
    private final SchemaSource schemas;
    private final Windowing windowing;
    private final DriftReports reports;
    private final DriftMetrics metrics;
    private final List<DriftReportListener> listeners;
    private final int batchSize;
    private final Clock clock = Clock.systemUTC();

    public WindowCloser(Jdbc jdbc, WindowStore windows, ReferenceCache references, SchemaSource schemas,
                        Windowing windowing, DriftReports reports, DriftMetrics metrics,
                        List<DriftReportListener> listeners,
                        @Value("${mlctl.drift.close-batch:50}") int batchSize) {
        this.jdbc = jdbc;
        this.windows = windows;
        this.references = references;
        this.schemas = schemas;
        this.windowing = windowing;
        this.reports = reports;
        this.metrics = metrics;
        this.listeners = listeners;
        this.batchSize = batchSize;
    }

    @Scheduled(fixedDelay = "${mlctl.drift.close-interval:1s}", initialDelay = "${mlctl.drift.close-initial-delay:2s}")
    void closeDueWindows() {
        try {
            closeDue(clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("closing drift windows failed, will retry: {}", e.toString());
        }
    }

    /** Closes every window due at {@code now}; answers how many this process closed. */
    public int closeDue(Instant now) {
        int closed = 0;
        for (Granularity g : Granularity.values()) { // windows before the hours they roll up into
            for (long id : windows.due(g, now, batchSize)) {
                if (close(id, now).isPresent()) {
                    closed++;
                }
            }
        }
        return closed;
    }

    /**
     * Closes one window if it is still OPEN and nobody else holds it; answers its report (empty when it was
     * closed elsewhere, is not due yet, or had no rows).
     */
    public Optional<DriftReport> close(long windowId, Instant now) {
        Optional<DriftReport> report = jdbc.write(c -> closeLocked(windowId, now));
        report.ifPresent(r -> {
            metrics.show(r);
            for (DriftReportListener l : listeners) {
                try {
                    l.afterCommit(r);
                } catch (RuntimeException e) {
                    LOG.warn("after-close step failed for report {}: {}", r.id(), e.toString());
                }
            }
            LOG.info("closed {} window {} of {}/{}: {} rows, drift share {}{}", r.granularity(), r.windowStart(),
                    r.model(), r.version(), r.rows(), String.format("%.2f", r.driftShare()),
                    r.datasetDrift() ? " (DATASET DRIFT)" : "");
        });
        return report;
    }

    private Optional<DriftReport> closeLocked(long windowId, Instant now) {
        Optional<ClosingWindow> locked = windows.lockDue(windowId, now);
        if (locked.isEmpty()) {
            return Optional.empty();
        }
        ClosingWindow w = locked.get();
        Granularity child = windowing.childOf(w.granularity());
        if (child != null && windows.openChildren(w, child) > 0) {
            return Optional.empty(); // a window of this hour (day) is still open: close it first
        }
        WindowStore.Merged merged = windows.merge(w.id());
        DriftReport report = null;
        if (merged.profile() != null) {
            DatasetProfile reference = references.get(w.referenceId());
            Optional<SampleSchema> schema = schema(w);
            DatasetDrift drift = DriftEvaluator.evaluate(reference, merged.profile(),
                    schema.map(SampleSchema::drift).orElse(DriftConfig.defaults()));
            report = reports.insert(w, merged.rows(), drift, now);
            rollUp(w, merged);
        }
        windows.markClosed(w.id(), now, INSTANCE, report == null ? null : report.id(), merged.profile());
        if (report != null && w.granularity() == Granularity.WINDOW) {
            for (DriftReportListener l : listeners) {
                l.reportStored(report);
            }
        }
        return Optional.ofNullable(report);
    }

    private Optional<SampleSchema> schema(ClosingWindow w) {
        try {
            return Optional.of(schemas.schemaOf(w.model(), w.version()));
        } catch (RuntimeException e) {
            // the version or its model was deleted: judge with the default thresholds
            LOG.debug("no schema for {}/{}: {}", w.model(), w.version(), e.toString());
            return Optional.empty();
        }
    }

    /** Adds the closed window's profile to its hour (or day), creating that roll-up when needed. */
    private void rollUp(ClosingWindow w, WindowStore.Merged merged) {
        Granularity parent = windowing.parentOf(w.granularity());
        if (parent == null) {
            return;
        }
        switch (windows.rollUp(w, parent, merged.profile(), merged.rows())) {
            case OTHER_REFERENCE -> LOG.info("{} window {} of {}/{} compares with another reference than its {}; "
                    + "not rolled up", w.granularity().wireName(), w.start(), w.model(), w.version(),
                    parent.wireName());
            case PARENT_CLOSED -> LOG.info("the {} of window {} of {}/{} closed already; not rolled up",
                    parent.wireName(), w.start(), w.model(), w.version());
            case ROLLED_UP -> { }
        }
    }
}
