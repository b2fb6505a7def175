package io.mlctl.controlplane.retrain;

import io.micronaut.json.JsonMapper;
import io.mlctl.api.retrain.RetrainTrigger;
import io.mlctl.controlplane.db.Jdbc;
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
import java.util.Map;
import java.util.Optional;

/** The retrain_trigger table, on the caller's connection. */
@Singleton
public class TriggerStore {
    private static final String COLUMNS = "id, model, version, reason, status, report_id, evidence, attempts, "
            + "last_error, created_at, created_by, delivered_at, job_name, completed_version, completed_at, rollout_name";

    private final JsonMapper json;

    public TriggerStore(JsonMapper json) {
        this.json = json;
    }

    long insert(Connection c, String model, int version, String reason, Long reportId, Map<String, Object> evidence,
                String actor, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO retrain_trigger (model, version, reason, report_id, "
                + "evidence, status, attempts, next_attempt_at, created_at, created_by) "
                + "VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)", new String[]{"id"})) {
            ps.setString(1, model);
            ps.setInt(2, version);
            ps.setString(3, reason);
            if (reportId == null) {
                ps.setNull(4, java.sql.Types.BIGINT);
            } else {
                ps.setLong(4, reportId);
            }
            ps.setString(5, write(evidence));
            ps.setTimestamp(6, Jdbc.ts(now));
            ps.setTimestamp(7, Jdbc.ts(now));
            ps.setString(8, actor);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** When the model's newest trigger that did not fail was created (the cooldown's start). */
    Optional<Instant> lastFired(Connection c, String model) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(created_at) FROM retrain_trigger WHERE model = ? "
                + "AND status <> 'FAILED'")) {
            ps.setString(1, model);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.ofNullable(Jdbc.instant(rs.getTimestamp(1)));
            }
        }
    }

    /** A trigger of the same version and reason created since {@code since} that did not fail, if any. */
    Optional<RetrainTrigger> recentSame(Connection c, String model, int version, String reason, Instant since)
            throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM retrain_trigger WHERE model = ? AND version = ? AND reason = ? "
                + "AND status <> 'FAILED' AND created_at >= ? ORDER BY id DESC LIMIT 1", ps -> {
                    ps.setString(1, model);
                    ps.setInt(2, version);
                    ps.setString(3, reason);
                    ps.setTimestamp(4, Jdbc.ts(since));
                }).stream().findFirst();
    }

    Optional<RetrainTrigger> get(Connection c, long id) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM retrain_trigger WHERE id = ?", ps -> ps.setLong(1, id))
                .stream().findFirst();
    }

    List<RetrainTrigger> list(Connection c, String model, int limit, long offset) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM retrain_trigger WHERE model = ? ORDER BY id DESC LIMIT ? OFFSET ?",
                ps -> {
                    ps.setString(1, model);
                    ps.setInt(2, limit);
                    ps.setLong(3, offset);
                });
    }

    long count(Connection c, String model) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM retrain_trigger WHERE model = ?")) {
            ps.setString(1, model);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Triggers waiting for delivery, or whose delivering process let its lease run out. */
    List<Long> due(Connection c, Instant now, int limit) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM retrain_trigger WHERE (status = 'PENDING' "
                + "AND next_attempt_at <= ?) OR (status = 'DELIVERING' AND claimed_until < ?) ORDER BY id LIMIT ?")) {
            ps.setTimestamp(1, Jdbc.ts(now));
            ps.setTimestamp(2, Jdbc.ts(now));
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    /** Takes a due trigger for delivery until {@code leaseUntil}; false when another process has it. */
    boolean claim(Connection c, long id, String instance, Instant now, Instant leaseUntil) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE retrain_trigger SET status = 'DELIVERING', "
                + "claimed_by = ?, claimed_until = ?, attempts = attempts + 1 WHERE id = ? AND ((status = 'PENDING' "
                + "AND next_attempt_at <= ?) OR (status = 'DELIVERING' AND claimed_until < ?))")) {
            ps.setString(1, instance);
            ps.setTimestamp(2, Jdbc.ts(leaseUntil));
            ps.setLong(3, id);
            ps.setTimestamp(4, Jdbc.ts(now));
            ps.setTimestamp(5, Jdbc.ts(now));
            return ps.executeUpdate() == 1;
        }
    }

    void delivered(Connection c, long id, String jobName, String note, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE retrain_trigger SET status = CASE WHEN status = "
                + "'COMPLETED' THEN status ELSE 'DELIVERED' END, delivered_at = ?, job_name = ?, last_error = ?, "
                + "claimed_until = NULL WHERE id = ?")) {
            ps.setTimestamp(1, Jdbc.ts(now));
            ps.setString(2, jobName);
            ps.setString(3, note);
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    void failed(Connection c, long id, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE retrain_trigger SET status = CASE WHEN status = "
                + "'COMPLETED' THEN status ELSE 'FAILED' END, last_error = ?, claimed_until = NULL WHERE id = ?")) {
            ps.setString(1, error.length() > 2000 ? error.substring(0, 2000) : error);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** Triggers answered by a registered version ({@code lineage.triggeredBy} = the trigger id): {id, version}. */
    List<long[]> answered(Connection c) throws SQLException {
        List<long[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.id, v.version FROM retrain_trigger t "
                + "JOIN registered_model m ON m.name = t.model "
                + "JOIN model_version v ON v.model_id = m.id AND v.triggered_by = CAST(t.id AS VARCHAR(20)) "
                + "WHERE t.status <> 'COMPLETED' ORDER BY t.id LIMIT 100")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new long[]{rs.getLong(1), rs.getLong(2)});
                }
            }
        }
        return out;
    }

    boolean complete(Connection c, long id, int version, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE retrain_trigger SET status = 'COMPLETED', "
                + "completed_version = ?, completed_at = ? WHERE id = ? AND status <> 'COMPLETED'")) {
            ps.setInt(1, version);
            ps.setTimestamp(2, Jdbc.ts(now));
            ps.setLong(3, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Completed triggers of models with an auto-rollout template whose rollout was not created yet. */
    List<Long> rolloutsToCreate(Connection c) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.id FROM retrain_trigger t JOIN retrain_policy p "
                + "ON p.model = t.model WHERE t.status = 'COMPLETED' AND t.rollout_name IS NULL "
                + "AND p.rollout_template IS NOT NULL ORDER BY t.id LIMIT 20")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    void rolloutCreated(Connection c, long id, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE retrain_trigger SET rollout_name = ? WHERE id = ?")) {
            ps.setString(1, name);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<RetrainTrigger> query(Connection c, String sql, Binder binder) throws SQLException {
        List<RetrainTrigger> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long report = rs.getLong("report_id");
                    Long reportId = rs.wasNull() ? null : report;
                    int completed = rs.getInt("completed_version");
                    Integer completedVersion = rs.wasNull() ? null : completed;
                    long id = rs.getLong("id");
                    out.add(new RetrainTrigger(id, rs.getString("model"), rs.getInt("version"),
                            rs.getString("reason"), rs.getString("status"), String.valueOf(id), reportId,
                            read(rs.getString("evidence")), rs.getInt("attempts"), rs.getString("last_error"),
                            Jdbc.instant(rs.getTimestamp("created_at")), rs.getString("created_by"),
                            Jdbc.instant(rs.getTimestamp("delivered_at")), rs.getString("job_name"), completedVersion,
                            Jdbc.instant(rs.getTimestamp("completed_at")), rs.getString("rollout_name")));
                }
            }
        }
        return out;
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(String text) {
        try {
            return json.readValue(text, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
