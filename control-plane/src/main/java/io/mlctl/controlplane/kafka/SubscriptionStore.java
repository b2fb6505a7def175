package io.mlctl.controlplane.kafka;

import io.mlctl.api.common.ProblemException;
import io.mlctl.api.kafka.Subscription;
import io.mlctl.api.kafka.SubscriptionFormat;
import io.mlctl.api.kafka.SubscriptionRequest;
import io.mlctl.controlplane.db.Jdbc;
import io.mlctl.registry.audit.AuditLog;
import io.mlctl.registry.model.ModelRepository;
import io.mlctl.registry.model.VersionService;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code kafka_subscription} table: one subscription per model version. Writes lock the model row (as the
 * registry's own writes do), so a concurrent delete of the model serializes with them, and are audited.
 */
@Singleton
public class SubscriptionStore {
    private static final String COLUMNS = "model, version, topic, format, dead_letter_topic, created_at, created_by";

    private final Jdbc jdbc;
    private final ModelRepository models;
    private final VersionService versions;
    private final AuditLog audit;

    public SubscriptionStore(Jdbc jdbc, ModelRepository models, VersionService versions,
                             AuditLog audit) {
        this.jdbc = jdbc;
        this.models = models;
        this.versions = versions;
        this.audit = audit;
    }

    /** Creates or replaces the version's subscription. */
    public Subscription put(String model, int version, SubscriptionRequest request, String actor) {
        if (request.deadLetterTopic() != null && request.deadLetterTopic().equals(request.topic())) {
            throw ProblemException.unprocessable("the dead-letter topic cannot be the subscribed topic itself: "
                    + "its bad records would be read again", List.of());
        }
        return jdbc.write(c -> {
            requireVersion(model, version);
            Optional<Subscription> before = find(c, model, version);
            Subscription after = new Subscription(model, version, request.topic(), request.format(),
                    request.deadLetterTopic(), Instant.now().truncatedTo(ChronoUnit.MICROS), actor);
            try {
                if (before.isPresent()) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE kafka_subscription SET topic = ?, "
                            + "format = ?, dead_letter_topic = ?, created_at = ?, created_by = ? "
                            + "WHERE model = ? AND version = ?")) {
                        ps.setString(1, after.topic());
                        ps.setString(2, after.format().name());
                        ps.setString(3, after.deadLetterTopic());
                        ps.setTimestamp(4, Jdbc.ts(after.createdAt()));
                        ps.setString(5, actor);
                        ps.setString(6, model);
                        ps.setInt(7, version);
                        ps.executeUpdate();
                    }
                } else {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO kafka_subscription (" + COLUMNS
                            + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                        ps.setString(1, model);
                        ps.setInt(2, version);
                        ps.setString(3, after.topic());
                        ps.setString(4, after.format().name());
                        ps.setString(5, after.deadLetterTopic());
                        ps.setTimestamp(6, Jdbc.ts(after.createdAt()));
                        ps.setString(7, actor);
                        ps.executeUpdate();
                    }
                }
            } catch (SQLException e) {
                throw Jdbc.wrap(e);
            }
            audit.record(actor, "subscription.set", path(model, version), before.orElse(null), after);
            return after;
        });
    }

    public Subscription get(String model, int version) {
        return jdbc.read(c -> {
            versions.get(model, version);
            return find(c, model, version).orElseThrow(() -> ProblemException.notFound(
                    "model " + model + " version " + version + " has no Kafka subscription"));
        });
    }

    public void delete(String model, int version, String actor) {
        jdbc.write(c -> {
            requireVersion(model, version);
            Subscription before = find(c, model, version).orElseThrow(() -> ProblemException.notFound(
                    "model " + model + " version " + version + " has no Kafka subscription"));
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM kafka_subscription WHERE model = ? "
                    + "AND version = ?")) {
                ps.setString(1, model);
                ps.setInt(2, version);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw Jdbc.wrap(e);
            }
            audit.record(actor, "subscription.delete", path(model, version), before, null);
            return null;
        });
    }

    /** Every subscription, by model then version. */
    public List<Subscription> all() {
        return jdbc.read(SubscriptionStore::all);
    }

    static List<Subscription> all(Connection c) throws SQLException {
        List<Subscription> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM kafka_subscription "
                + "ORDER BY model, version");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    /** 404 for an unknown model or version; locks the model row (FOR UPDATE: write transactions only). */
    private void requireVersion(String model, int version) {
        models.lockByName(model).orElseThrow(() -> ProblemException.notFound("model '" + model + "' does not exist"));
        versions.get(model, version);
    }

    private static Optional<Subscription> find(Connection c, String model, int version) {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM kafka_subscription "
                + "WHERE model = ? AND version = ?")) {
            ps.setString(1, model);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw Jdbc.wrap(e);
        }
    }

    private static Subscription row(ResultSet rs) throws SQLException {
        return new Subscription(rs.getString(1), rs.getInt(2), rs.getString(3),
                SubscriptionFormat.valueOf(rs.getString(4)), rs.getString(5), Jdbc.instant(rs.getTimestamp(6)),
                rs.getString(7));
    }

    private static String path(String model, int version) {
        return "models/" + model + "/versions/" + version + "/subscription";
    }
}
