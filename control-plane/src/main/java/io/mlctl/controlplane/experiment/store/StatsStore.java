package io.mlctl.controlplane.experiment.store;

import io.mlctl.controlplane.experiment.report.StatsHistory;
import io.mlctl.controlplane.db.Jdbc;
import jakarta.inject.Singleton;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The experiment statistics tables, written in batches inside the caller's transaction (plain JDBC through
 * {@link Jdbc#prepared}: a batch touches thousands of rows, which a repository would do one by one).
 */
@Singleton
public class StatsStore {
    /** Units per IN list: well under every driver's bind-parameter limit. */
    public static final int CHUNK = 500;

    private final Jdbc jdbc;

    public StatsStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** An accepted batch, as its first answer. */
    public record Batch(String key, String bodySha256, int events, int exposures, int metricValues, Instant acceptedAt) {
    }

    public record ArmUnit(String arm, String unit) {
    }

    public record MetricUnit(String metric, String arm, String unit) {
    }

    public record ArmDay(String arm, LocalDate day) {
    }

    public record MetricArmDay(String metric, String arm, LocalDate day) {
    }

    public Optional<Batch> batch(String experiment, String key) {
        return jdbc.prepared("SELECT idempotency_key, body_sha256, events, exposures, metric_values, accepted_at "
                + "FROM experiment_event_batch WHERE experiment_id = ? AND idempotency_key = ?", ps -> {
            ps.setString(1, experiment);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Batch(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
                        rs.getTimestamp(6).toInstant()));
            }
        });
    }

    public void insertBatch(String experiment, Batch b) {
        jdbc.prepared("INSERT INTO experiment_event_batch (experiment_id, idempotency_key, body_sha256, events, "
                + "exposures, metric_values, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, experiment);
            ps.setString(2, b.key());
            ps.setString(3, b.bodySha256());
            ps.setInt(4, b.events());
            ps.setInt(5, b.exposures());
            ps.setInt(6, b.metricValues());
            ps.setTimestamp(7, Timestamp.from(b.acceptedAt()));
            return ps.executeUpdate();
        });
    }

    /** Which of these units are already exposed, and to which arms. */
    public Set<ArmUnit> exposed(String experiment, Collection<String> units) {
        Set<ArmUnit> out = new HashSet<>();
        for (List<String> chunk : chunks(units)) {
            jdbc.prepared("SELECT arm, unit_id FROM experiment_exposure WHERE experiment_id = ? AND unit_id IN ("
                    + marks(chunk.size()) + ")", ps -> {
                bind(ps, experiment, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ArmUnit(rs.getString(1), rs.getString(2)));
                    }
                }
                return null;
            });
        }
        return out;
    }

    public void insertExposures(String experiment, Map<ArmUnit, LocalDate> exposures) {
        if (exposures.isEmpty()) {
            return;
        }
        jdbc.prepared("INSERT INTO experiment_exposure (experiment_id, arm, unit_id, first_day) VALUES (?, ?, ?, ?)", ps -> {
            for (Map.Entry<ArmUnit, LocalDate> e : exposures.entrySet()) {
                ps.setString(1, experiment);
                ps.setString(2, e.getKey().arm());
                ps.setString(3, e.getKey().unit());
                ps.setDate(4, Date.valueOf(e.getValue()));
                ps.addBatch();
            }
            return ps.executeBatch();
        });
    }

    /** The stored values of these units, for every metric and arm. */
    public Map<MetricUnit, Double> unitValues(String experiment, Collection<String> units) {
        Map<MetricUnit, Double> out = new HashMap<>();
        for (List<String> chunk : chunks(units)) {
            jdbc.prepared("SELECT metric, arm, unit_id, unit_value FROM experiment_unit_value WHERE experiment_id = ? "
                    + "AND unit_id IN (" + marks(chunk.size()) + ")", ps -> {
                bind(ps, experiment, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(new MetricUnit(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getDouble(4));
                    }
                }
                return null;
            });
        }
        return out;
    }

    public void insertUnitValues(String experiment, Map<MetricUnit, Double> values) {
        if (values.isEmpty()) {
            return;
        }
        jdbc.prepared("INSERT INTO experiment_unit_value (experiment_id, metric, arm, unit_id, unit_value) "
                + "VALUES (?, ?, ?, ?, ?)", ps -> {
            for (Map.Entry<MetricUnit, Double> e : values.entrySet()) {
                ps.setString(1, experiment);
                ps.setString(2, e.getKey().metric());
                ps.setString(3, e.getKey().arm());
                ps.setString(4, e.getKey().unit());
                ps.setDouble(5, e.getValue());
                ps.addBatch();
            }
            return ps.executeBatch();
        });
    }

    public void updateUnitValues(String experiment, Map<MetricUnit, Double> values) {
        if (values.isEmpty()) {
            return;
        }
        jdbc.prepared("UPDATE experiment_unit_value SET unit_value = ? WHERE experiment_id = ? AND metric = ? "
                + "AND arm = ? AND unit_id = ?", ps -> {
            for (Map.Entry<MetricUnit, Double> e : values.entrySet()) {
                ps.setDouble(1, e.getValue());
                ps.setString(2, experiment);
                ps.setString(3, e.getKey().metric());
                ps.setString(4, e.getKey().arm());
                ps.setString(5, e.getKey().unit());
                ps.addBatch();
            }
            return ps.executeBatch();
        });
    }

    /** Adds newly exposed units to the per-day counts. The experiment row lock makes update-then-insert safe. */
    public void addDailyExposures(String experiment, Map<ArmDay, Long> units) {
        for (Map.Entry<ArmDay, Long> e : units.entrySet()) {
            int updated = jdbc.prepared("UPDATE experiment_daily_exposure SET units = units + ? "
                    + "WHERE experiment_id = ? AND arm = ? AND stat_day = ?", ps -> {
                ps.setLong(1, e.getValue());
                ps.setString(2, experiment);
                ps.setString(3, e.getKey().arm());
                ps.setDate(4, Date.valueOf(e.getKey().day()));
                return ps.executeUpdate();
            });
            if (updated == 0) {
                jdbc.prepared("INSERT INTO experiment_daily_exposure (experiment_id, arm, stat_day, units) VALUES (?, ?, ?, ?)", ps -> {
                    ps.setString(1, experiment);
                    ps.setString(2, e.getKey().arm());
                    ps.setDate(3, Date.valueOf(e.getKey().day()));
                    ps.setLong(4, e.getValue());
                    return ps.executeUpdate();
                });
            }
        }
    }

    /** Adds the change of each (metric, arm, day)'s sum and sum of squares. */
    public void addDailyMetrics(String experiment, Map<MetricArmDay, double[]> deltas) {
        for (Map.Entry<MetricArmDay, double[]> e : deltas.entrySet()) {
            MetricArmDay k = e.getKey();
            double[] d = e.getValue();
            int updated = jdbc.prepared("UPDATE experiment_daily_metric SET total = total + ?, squares = squares + ? "
                    + "WHERE experiment_id = ? AND metric = ? AND arm = ? AND stat_day = ?", ps -> {
                ps.setDouble(1, d[0]);
                ps.setDouble(2, d[1]);
                ps.setString(3, experiment);
                ps.setString(4, k.metric());
                ps.setString(5, k.arm());
                ps.setDate(6, Date.valueOf(k.day()));
                return ps.executeUpdate();
            });
            if (updated == 0) {
                jdbc.prepared("INSERT INTO experiment_daily_metric (experiment_id, metric, arm, stat_day, total, squares) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", ps -> {
                    ps.setString(1, experiment);
                    ps.setString(2, k.metric());
                    ps.setString(3, k.arm());
                    ps.setDate(4, Date.valueOf(k.day()));
                    ps.setDouble(5, d[0]);
                    ps.setDouble(6, d[1]);
                    return ps.executeUpdate();
                });
            }
        }
    }

    /** Everything the report needs: exposures and metric sums per arm and day. */
    public StatsHistory history(String experiment) {
        StatsHistory h = new StatsHistory();
        jdbc.prepared("SELECT arm, stat_day, units FROM experiment_daily_exposure WHERE experiment_id = ?", ps -> {
            ps.setString(1, experiment);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    h.addExposures(rs.getString(1), rs.getDate(2).toLocalDate(), rs.getLong(3));
                }
            }
            return null;
        });
        jdbc.prepared("SELECT metric, arm, stat_day, total, squares FROM experiment_daily_metric WHERE experiment_id = ?", ps -> {
            ps.setString(1, experiment);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    h.addValues(rs.getString(1), rs.getString(2), rs.getDate(3).toLocalDate(), rs.getDouble(4), rs.getDouble(5));
                }
            }
            return null;
        });
        return h;
    }

    /** Exposed units per arm of one experiment. */
    public Map<String, Long> observed(String experiment) {
        return observed(List.of(experiment)).getOrDefault(experiment, Map.of());
    }

    /** Exposed units per arm of several experiments at once (lists, metrics). */
    public Map<String, Map<String, Long>> observed(Collection<String> experiments) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (List<String> chunk : chunks(experiments)) {
            jdbc.prepared("SELECT experiment_id, arm, SUM(units) FROM experiment_daily_exposure WHERE experiment_id IN ("
                    + marks(chunk.size()) + ") GROUP BY experiment_id, arm", ps -> {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getLong(3));
                    }
                }
                return null;
            });
        }
        return out;
    }

    private static void bind(PreparedStatement ps, String experiment, List<String> units) throws SQLException {
        ps.setString(1, experiment);
        for (int i = 0; i < units.size(); i++) {
            ps.setString(i + 2, units.get(i));
        }
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static List<List<String>> chunks(Collection<String> values) {
        List<List<String>> out = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        for (String v : values) {
            cur.add(v);
            if (cur.size() == CHUNK) {
                out.add(cur);
                cur = new ArrayList<>();
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }
}
