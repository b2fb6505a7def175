package io.mlctl.controlplane.retrain;

import io.mlctl.controlplane.db.Jdbc;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/** Reads and writes retrain policies on the caller's connection (so they join its transaction). */
@Singleton
public class PolicyStore {
    private static final String COLUMNS = "model, webhook_url, secret, on_condition, min_drift_share, consecutive, "
            + "cooldown_seconds, job_template, job_namespace, rollout_template, rollout_namespace, enabled, updated_at, "
            + "updated_by";

    Optional<PolicyRow> find(Connection c, String model, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM retrain_policy WHERE model = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, model);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new PolicyRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getDouble(5), rs.getInt(6), Duration.ofSeconds(rs.getLong(7)), rs.getString(8),
                        rs.getString(9), rs.getString(10), rs.getString(11), rs.getBoolean(12),
                        Jdbc.instant(rs.getTimestamp(13)), rs.getString(14)));
            }
        }
    }

    void save(Connection c, PolicyRow p, boolean exists) throws SQLException {
        String sql = exists
                ? "UPDATE retrain_policy SET webhook_url = ?, secret = ?, on_condition = ?, min_drift_share = ?, "
                + "consecutive = ?, cooldown_seconds = ?, job_template = ?, job_namespace = ?, rollout_template = ?, "
                + "rollout_namespace = ?, enabled = ?, updated_at = ?, updated_by = ? WHERE model = ?"
                : "INSERT INTO retrain_policy (webhook_url, secret, on_condition, min_drift_share, consecutive, "
                + "cooldown_seconds, job_template, job_namespace, rollout_template, rollout_namespace, enabled, "
                + "updated_at, updated_by, model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, p.webhook());
            ps.setString(2, p.secret());
            ps.setString(3, p.on());
            ps.setDouble(4, p.minDriftShare());
            ps.setInt(5, p.consecutive());
            ps.setLong(6, p.cooldown().toSeconds());
            ps.setString(7, p.jobTemplate());
            ps.setString(8, p.jobNamespace());
            ps.setString(9, p.rolloutTemplate());
            ps.setString(10, p.rolloutNamespace());
            ps.setBoolean(11, p.enabled());
            ps.setTimestamp(12, Jdbc.ts(p.updatedAt()));
            ps.setString(13, p.updatedBy());
            ps.setString(14, p.model());
            ps.executeUpdate();
        }
    }
}
