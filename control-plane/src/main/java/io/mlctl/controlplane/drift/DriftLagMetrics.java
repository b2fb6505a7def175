package io.mlctl.controlplane.drift;

import io.micronaut.context.annotation.Context;
import io.micronaut.transaction.TransactionOperations;
import io.mlctl.controlplane.ingest.Granularity;
import io.mlctl.controlplane.ingest.Sql;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code mlctl_drift_window_lag_seconds{granularity}}: how long the oldest window that is due has been waiting to be
 * closed (0 when every due window is closed). Samples are stored when they arrive, but drift is only known once their
 * window closes: a growing lag means drift reports, gauges and retrain triggers fall behind the ingested data. Read
 * from the database at scrape time (the {@code drift_window_due} index), so every replica reports the same value.
 */
@Context
public class DriftLagMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(DriftLagMetrics.class);

    private final TransactionOperations<Connection> tx;
    private final Clock clock = Clock.systemUTC();

    public DriftLagMetrics(PrometheusRegistry registry, TransactionOperations<Connection> tx) {
        this.tx = tx;
        GaugeWithCallback.builder()
                .name("mlctl_drift_window_lag_seconds")
                .help("Seconds the oldest due drift window has waited to be closed (0: drift evaluation is up to date)")
                .labelNames("granularity")
                .callback(cb -> {
                    try {
                        lag(clock.instant()).forEach((g, seconds) -> cb.call(seconds, g.wireName()));
                    } catch (RuntimeException e) {
                        // an unreachable database skips the series rather than failing the whole scrape
                        LOG.warn("cannot read drift window lag for /metrics: {}", e.toString());
                    }
                })
                .register(registry);
    }

    /** Seconds past close time of the oldest open window at {@code now}, per granularity (0 for none). */
    public Map<Granularity, Double> lag(Instant now) {
        Map<Granularity, Double> out = new EnumMap<>(Granularity.class);
        for (Granularity g : Granularity.values()) {
            out.put(g, 0.0);
        }
        tx.executeRead(s -> {
            try (PreparedStatement ps = s.getConnection().prepareStatement("SELECT granularity, MIN(close_at) "
                    + "FROM drift_window WHERE state = 'OPEN' AND close_at <= ? GROUP BY granularity")) {
                ps.setTimestamp(1, Sql.ts(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Granularity g = Granularity.of(rs.getString(1));
                        Instant oldest = Sql.instant(rs.getTimestamp(2));
                        out.put(g, Duration.between(oldest, now).toMillis() / 1000.0);
                    }
                }
                return null;
            } catch (SQLException e) {
                throw Sql.wrap(e);
            }
        });
        return out;
    }
}
