package io.mlctl.controlplane.drift;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import io.mlctl.api.drift.DriftReport;
import io.mlctl.controlplane.ingest.Granularity;
import io.mlctl.controlplane.ingest.ReferenceCache;
import io.mlctl.controlplane.ingest.SampleSchema;
import io.mlctl.controlplane.ingest.SchemaSource;
import io.mlctl.controlplane.ingest.Sql;
import io.mlctl.controlplane.ingest.Windowing;
import io.mlctl.drift.evaluation.DatasetDrift;
import io.mlctl.drift.evaluation.DriftEvaluator;
import io.mlctl.drift.profile.DatasetProfile;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Closes due windows. Each close is one transaction: lock the OPEN window row (SKIP LOCKED, so with several
 * control-plane processes exactly one closes it and the others move on), merge its partial profiles as they stream
 * from the database, evaluate drift against the reference, store the report, roll the merged profile up into the hour
 * (and the hour into the day), set CLOSED and delete the partials. A process that dies half-way leaves the window
 * OPEN, so the next run (after a restart, or in another replica) closes it.
 */
@Singleton
public class WindowCloser {
    private static final Logger LOG = LoggerFactory.getLogger(WindowCloser.class);
    private static final String INSTANCE = ManagementFactory.getRuntimeMXBean().getName();

    private final TransactionOperations<Connection> tx;
    private final ReferenceCache references;
    private final SchemaSource schemas;
    private final Windowing windowing;
    private final DriftReports reports;
    private final DriftMetrics metrics;
    private final List<DriftReportListener> listeners;
    private final int batchSize;
    private final Clock clock = Clock.systemUTC();

    public WindowCloser(TransactionOperations<Connection> tx, ReferenceCache references, SchemaSource schemas,
                        Windowing windowing, DriftReports reports, DriftMetrics metrics,
                        List<DriftReportListener> listeners,
                        @Value("${mlctl.drift.close-batch:50}") int batchSize) {
        this.tx = tx;
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
            List<Long> due = tx.executeRead(s -> due(s.getConnection(), g, now));
            for (long id : due) {
                if (close(id, now).isPresent()) {
                    closed++;
                }
            }
        }
        return closed;
    }

    private List<Long> due(Connection c, Granularity g, Instant now) {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM drift_window WHERE state = 'OPEN' "
                + "AND granularity = ? AND close_at <= ? ORDER BY close_at, id LIMIT ?")) {
            ps.setString(1, g.wireName());
            ps.setTimestamp(2, Sql.ts(now));
            ps.setInt(3, batchSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw Sql.wrap(e);
        }
        return ids;
    }

    /**
     * Closes one window if it is still OPEN and nobody else holds it; answers its report (empty when it was
     * closed elsewhere, is not due yet, or had no rows).
     */
    public Optional<DriftReport> close(long windowId, Instant now) {
        Optional<DriftReport> report = tx.executeWrite(s -> {
            try {
                return closeLocked(s.getConnection(), windowId, now);
            } catch (SQLException e) {
                throw Sql.wrap(e);
            }
        });
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

    private Optional<DriftReport> closeLocked(Connection c, long windowId, Instant now) throws SQLException {
        ClosingWindow w = lock(c, windowId, now);
        if (w == null) {
            return Optional.empty();
        }
        Granularity child = childOf(w.granularity());
        if (child != null && openChildren(c, w, child) > 0) {
            return Optional.empty(); // a window of this hour (day) is still open: close it first
        }
        DatasetProfile merged = null;
        long rows = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT rows_total, profile FROM drift_partial "
                + "WHERE window_id = ? ORDER BY id")) {
            ps.setFetchSize(32); // partials stream in: a busy window has many
            ps.setLong(1, w.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows += rs.getLong(1);
                    DatasetProfile p = DatasetProfile.fromBytes(rs.getBytes(2));
                    merged = merged == null ? p : merged.merge(p);
                }
            }
        }
        DriftReport report = null;
        if (merged != null) {
            DatasetProfile reference = references.get(c, w.referenceId());
            Optional<SampleSchema> schema = schema(w);
            DatasetDrift drift = DriftEvaluator.evaluate(reference, merged,
                    schema.map(SampleSchema::drift).orElse(io.mlctl.drift.evaluation.DriftConfig.defaults()));
            report = reports.insert(c, w, rows, drift, now);
            rollUp(c, w, merged, rows);
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE drift_window SET state = 'CLOSED', closed_at = ?, "
                + "closed_by = ?, report_id = ?, profile = ? WHERE id = ?")) {
            ps.setTimestamp(1, Sql.ts(now));
            ps.setString(2, INSTANCE);
            if (report == null) {
                ps.setNull(3, java.sql.Types.BIGINT);
                ps.setNull(4, java.sql.Types.VARBINARY);
            } else {
                ps.setLong(3, report.id());
                ps.setBytes(4, merged.toBytes());
            }
            ps.setLong(5, w.id());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM drift_partial WHERE window_id = ?")) {
            ps.setLong(1, w.id());
            ps.executeUpdate();
        }
        if (report != null && w.granularity() == Granularity.WINDOW) {
            for (DriftReportListener l : listeners) {
                l.reportStored(c, report);
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

    private static ClosingWindow lock(Connection c, long id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, model, version, granularity, window_start, "
                + "window_end, reference_id, rows_total FROM drift_window WHERE id = ? AND state = 'OPEN' "
                + "AND close_at <= ? FOR UPDATE SKIP LOCKED")) {
            ps.setLong(1, id);
            ps.setTimestamp(2, Sql.ts(now));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new ClosingWindow(rs.getLong(1), rs.getString(2), rs.getInt(3), Granularity.of(rs.getString(4)),
                        Sql.instant(rs.getTimestamp(5)), Sql.instant(rs.getTimestamp(6)), rs.getLong(7), rs.getLong(8));
            }
        }
    }

    /** Windows roll up into hours (unless they are an hour long) and hours into days. */
    private Granularity parentOf(Granularity g) {
        if (g == Granularity.WINDOW) {
            return windowing.length().toHours() >= 1 ? Granularity.DAY : Granularity.HOUR;
        }
        return g.parent();
    }

    private Granularity childOf(Granularity g) {
        for (Granularity x : Granularity.values()) {
            if (parentOf(x) == g) {
                return x;
            }
        }
        return null;
    }

    private static int openChildren(Connection c, ClosingWindow w, Granularity child) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM drift_window WHERE model = ? "
                + "AND version = ? AND granularity = ? AND window_start >= ? AND window_start < ? AND state = 'OPEN'")) {
            ps.setString(1, w.model());
            ps.setInt(2, w.version());
            ps.setString(3, child.wireName());
            ps.setTimestamp(4, Sql.ts(w.start()));
            ps.setTimestamp(5, Sql.ts(w.end()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Adds the closed window's profile to its hour (or day) as a partial, creating that roll-up when needed. */
    private void rollUp(Connection c, ClosingWindow w, DatasetProfile merged, long rows) throws SQLException {
        Granularity parent = parentOf(w.granularity());
        if (parent == null) {
            return;
        }
        Instant start = Windowing.parentStart(parent, w.start());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO drift_window (model, version, granularity, "
                + "window_start, window_end, close_at, reference_id, state, rows_total, batches) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, 'OPEN', 0, 0) ON CONFLICT DO NOTHING")) {
            ps.setString(1, w.model());
            ps.setInt(2, w.version());
            ps.setString(3, parent.wireName());
            ps.setTimestamp(4, Sql.ts(start));
            ps.setTimestamp(5, Sql.ts(windowing.end(parent, start)));
            ps.setTimestamp(6, Sql.ts(windowing.closeAt(parent, start)));
            ps.setLong(7, w.referenceId());
            ps.executeUpdate();
        }
        long parentId;
        long parentReference;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, reference_id FROM drift_window WHERE model = ? "
                + "AND version = ? AND granularity = ? AND window_start = ?")) {
            ps.setString(1, w.model());
            ps.setInt(2, w.version());
            ps.setString(3, parent.wireName());
            ps.setTimestamp(4, Sql.ts(start));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                parentId = rs.getLong(1);
                parentReference = rs.getLong(2);
            }
        }
        if (parentReference != w.referenceId()) {
            LOG.info("{} window {} of {}/{} compares with another reference than its {}; not rolled up",
                    w.granularity().wireName(), w.start(), w.model(), w.version(), parent.wireName());
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE drift_window SET rows_total = rows_total + ?, "
                + "batches = batches + 1 WHERE id = ? AND state = 'OPEN'")) {
            ps.setLong(1, rows);
            ps.setLong(2, parentId);
            if (ps.executeUpdate() == 0) {
                LOG.info("the {} of window {} of {}/{} closed already; not rolled up", parent.wireName(), w.start(),
                        w.model(), w.version());
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO drift_partial (window_id, source_window_id, "
                + "rows_total, profile) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, parentId);
            ps.setLong(2, w.id());
            ps.setLong(3, rows);
            ps.setBytes(4, merged.toBytes());
            ps.executeUpdate();
        }
    }
}
