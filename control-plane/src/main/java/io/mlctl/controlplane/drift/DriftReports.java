package io.mlctl.controlplane.drift;

import io.mlctl.controlplane.window.ClosingWindow;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.mlctl.api.common.Page;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.drift.DriftReport;
import io.mlctl.api.drift.FeatureDriftResult;
import io.mlctl.controlplane.db.Jdbc;
import io.mlctl.drift.evaluation.DatasetDrift;
import io.mlctl.drift.evaluation.FeatureDrift;
import io.mlctl.drift.evaluation.Verdict;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Drift reports: written by the window closer (inside its transaction), read by the API and the gauges. */
@Singleton
public class DriftReports {
    private static final String COLUMNS = "id, model, version, granularity, window_start, window_end, rows_total, "
            + "dataset_drift, drift_share, features, reference_id, created_at";

    private final Jdbc jdbc;
    private final JsonMapper json;

    public DriftReports(Jdbc jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The detector's result in the shared API shape (the rows of {@code mlctl drift compare --output json}). */
    public static List<FeatureDriftResult> rows(DatasetDrift drift) {
        List<FeatureDriftResult> rows = new ArrayList<>();
        for (FeatureDrift f : drift.features()) {
            rows.add(FeatureDriftResult.of(f.name(), f.type().wireName(), f.psi(), f.kl(), f.jsDistance(),
                    f.ksStatistic(), f.ksPValue(), f.chi2PValue(), f.wasserstein(), f.wassersteinNormed(), f.hellinger(),
                    f.cramersV(), f.nullRateReference(), f.nullRateCurrent(),
                    f.verdict().wireName()));
        }
        return rows;
    }

    /** Inserts a report for a closed window; answers it with its id. */
    DriftReport insert(ClosingWindow w, long rows, DatasetDrift drift, Instant now) {
        List<FeatureDriftResult> features = rows(drift);
        return jdbc.joined(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO drift_report (model, version, window_id, "
                    + "granularity, window_start, window_end, reference_id, rows_total, dataset_drift, drift_share, "
                    + "drifted_features, features, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    new String[]{"id"})) {
                ps.setString(1, w.model());
                ps.setInt(2, w.version());
                ps.setLong(3, w.id());
                ps.setString(4, w.granularity().wireName());
                ps.setTimestamp(5, Jdbc.ts(w.start()));
                ps.setTimestamp(6, Jdbc.ts(w.end()));
                ps.setLong(7, w.referenceId());
                ps.setLong(8, rows);
                ps.setBoolean(9, drift.datasetDrift());
                ps.setDouble(10, drift.driftShare());
                ps.setInt(11, (int) drift.count(Verdict.DRIFT));
                ps.setString(12, write(features));
                ps.setTimestamp(13, Jdbc.ts(now));
                ps.executeUpdate();
                long id = Jdbc.generatedId(ps);
                return new DriftReport(id, w.model(), w.version(), w.granularity().wireName(), w.start(), w.end(), rows,
                        drift.datasetDrift(), drift.driftShare(), drifted(features), w.referenceId(),
                        now.truncatedTo(java.time.temporal.ChronoUnit.MICROS), features);
            }
        });
    }

    public DriftReport get(long id) {
        return jdbc.read(c -> query(c, "SELECT " + COLUMNS + " FROM drift_report WHERE id = ?",
                ps -> ps.setLong(1, id))).stream().findFirst()
                .orElseThrow(() -> ProblemException.notFound("no drift report with id " + id));
    }

    /** Newest first; {@code version} and {@code granularity} narrow it down when given. */
    public Page<DriftReport> list(String model, @Nullable Integer version, String granularity, int page, int size) {
        return jdbc.read(c -> {
            String where = " FROM drift_report WHERE model = ? AND granularity = ?"
                    + (version == null ? "" : " AND version = ?");
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*)" + where)) {
                bind(ps, model, granularity, version);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<DriftReport> items = query(c, "SELECT " + COLUMNS + where
                    + " ORDER BY window_end DESC, id DESC LIMIT ? OFFSET ?", ps -> {
                int i = bind(ps, model, granularity, version);
                ps.setInt(i++, size);
                ps.setLong(i, (long) page * size);
            }).stream().map(DriftReport::withoutFeatures).toList();
            return new Page<>(items, page, size, total);
        });
    }

    /** The newest window report of a version. */
    public Optional<DriftReport> latest(String model, int version) {
        return jdbc.read(c -> query(c, "SELECT " + COLUMNS + " FROM drift_report WHERE model = ? "
                + "AND version = ? AND granularity = 'window' ORDER BY window_end DESC, id DESC LIMIT 1", ps -> {
                    ps.setString(1, model);
                    ps.setInt(2, version);
                })).stream().findFirst();
    }

    /** The newest window report of every version that has one (for the gauges of every replica). */
    public List<DriftReport> latestOfEach() {
        return jdbc.read(c -> query(c, "SELECT " + COLUMNS + " FROM drift_report WHERE id IN "
                + "(SELECT MAX(id) FROM drift_report WHERE granularity = 'window' GROUP BY model, version)", ps -> { }));
    }

    /** The newest {@code n} window reports of a version, newest first (the retrain policy's history). */
    public List<DriftReport> recent(String model, int version, int n) {
        return jdbc.read(c -> query(c, "SELECT " + COLUMNS + " FROM drift_report WHERE model = ? AND version = ? "
                + "AND granularity = 'window' ORDER BY window_end DESC, id DESC LIMIT ?", ps -> {
                    ps.setString(1, model);
                    ps.setInt(2, version);
                    ps.setInt(3, n);
                }));
    }

    private static int bind(PreparedStatement ps, String model, String granularity, @Nullable Integer version)
            throws SQLException {
        ps.setString(1, model);
        ps.setString(2, granularity);
        if (version != null) {
            ps.setInt(3, version);
            return 4;
        }
        return 3;
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<DriftReport> query(Connection c, String sql, Binder binder) throws SQLException {
        List<DriftReport> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<FeatureDriftResult> features = read(rs.getString("features"));
                    out.add(new DriftReport(rs.getLong("id"), rs.getString("model"), rs.getInt("version"),
                            rs.getString("granularity"), Jdbc.instant(rs.getTimestamp("window_start")),
                            Jdbc.instant(rs.getTimestamp("window_end")), rs.getLong("rows_total"),
                            rs.getBoolean("dataset_drift"), rs.getDouble("drift_share"), drifted(features),
                            rs.getLong("reference_id"), Jdbc.instant(rs.getTimestamp("created_at")), features));
                }
            }
        }
        return out;
    }

    private static List<String> drifted(List<FeatureDriftResult> features) {
        return features.stream().filter(f -> FeatureDriftResult.DRIFT.equals(f.verdict()))
                .map(FeatureDriftResult::name).toList();
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<FeatureDriftResult> read(String text) {
        try {
            return List.of(json.readValue(text, FeatureDriftResult[].class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
