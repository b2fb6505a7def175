package io.mlctl.controlplane.cloudevents;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.mlctl.controlplane.db.Jdbc;
import io.mlctl.rollout.api.Durations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code cloudevent_half} table: the first half of a pair waits there for its partner (see V2_4). Any replica
 * expires halves older than the pairing timeout; a delete that finds the row gone (paired or expired by another
 * replica meanwhile) counts nothing, so every expired half is counted once across replicas.
 */
@Singleton
public class CloudEventHalves {
    static final String TIMEOUT_PROPERTY = "mlctl.cloudevents.pairing-timeout";
    static final String KEY_CONSTRAINT = "cloudevent_half_key";
    private static final Logger LOG = LoggerFactory.getLogger(CloudEventHalves.class);
    private static final int SWEEP_BATCH = 500;

    private final Jdbc jdbc;
    private final CloudEventMetrics metrics;
    private final Duration timeout;

    public CloudEventHalves(Jdbc jdbc, CloudEventMetrics metrics,
                            @Value("${" + TIMEOUT_PROPERTY + ":5m}") String timeout) {
        this.jdbc = jdbc;
        this.metrics = metrics;
        this.timeout = Durations.parse(timeout);
    }

    /** A stored half. */
    record Stored(long id, InferenceEvent.Half half, String protocol, String contentType, String inferenceService,
                  Instant eventTime, byte[] body) {
    }

    /** The waiting half of this event, locked until the transaction ends. */
    static Optional<Stored> lock(Connection c, String model, int version, String eventId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, half, protocol, content_type, inference_service, "
                + "event_time, body FROM cloudevent_half WHERE model = ? AND version = ? AND event_id = ? FOR UPDATE")) {
            ps.setString(1, model);
            ps.setInt(2, version);
            ps.setString(3, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Stored(rs.getLong(1), InferenceEvent.Half.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getString(4), rs.getString(5), Jdbc.instant(rs.getTimestamp(6)),
                        rs.getBytes(7)));
            }
        }
    }

    static void insert(Connection c, String model, int version, InferenceEvent e, String protocol, Instant eventTime,
                       Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cloudevent_half (model, version, event_id, half, "
                + "protocol, content_type, inference_service, event_time, body, received_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, model);
            ps.setInt(2, version);
            ps.setString(3, e.id());
            ps.setString(4, e.half().name());
            ps.setString(5, protocol);
            ps.setString(6, truncate(e.contentType(), 200));
            ps.setString(7, truncate(e.inferenceService(), 253));
            ps.setTimestamp(8, Jdbc.ts(eventTime));
            ps.setBytes(9, e.body());
            ps.setTimestamp(10, Jdbc.ts(now));
            ps.executeUpdate();
        }
    }

    static int delete(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM cloudevent_half WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate();
        }
    }

    /** Deletes a half in a transaction of its own (a partner whose pair was rejected); true when it was still there. */
    boolean deleteNow(long id) {
        return jdbc.write(c -> delete(c, id)) == 1;
    }

    @Scheduled(fixedDelay = "${mlctl.cloudevents.sweep-interval:15s}", initialDelay = "${mlctl.cloudevents.sweep-interval:15s}")
    void sweep() {
        try {
            long n = expire(Instant.now());
            if (n > 0) {
                LOG.info("dropped {} CloudEvent halves whose partner did not come within {}", n, Durations.format(timeout));
            }
        } catch (RuntimeException e) {
            LOG.warn("expiring unpaired CloudEvent halves failed, will retry: {}", e.toString());
        }
    }

    private record Expired(long id, String model, int version) {
    }

    /** Deletes and counts the halves that waited longer than the timeout at {@code now}; answers how many. */
    long expire(Instant now) {
        Instant cutoff = now.minus(timeout);
        long total = 0;
        while (true) {
            List<Expired> due = jdbc.read(c -> {
                List<Expired> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT id, model, version FROM cloudevent_half "
                        + "WHERE received_at < ? ORDER BY received_at LIMIT " + SWEEP_BATCH)) {
                    ps.setTimestamp(1, Jdbc.ts(cutoff));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new Expired(rs.getLong(1), rs.getString(2), rs.getInt(3)));
                        }
                    }
                }
                return out;
            });
            for (Expired e : due) {
                // one short transaction per half: a partner pairing it right now holds its lock; then this finds
                // nothing to delete and counts nothing
                if (deleteNow(e.id())) {
                    metrics.rejected(e.model(), e.version(), CloudEventMetrics.UNPAIRED, 1);
                    total++;
                }
            }
            if (due.size() < SWEEP_BATCH) {
                return total;
            }
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
