package io.mlctl.controlplane.drift;

import io.micronaut.context.annotation.Context;
import io.mlctl.controlplane.window.Granularity;
import io.mlctl.controlplane.window.WindowStore;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private final WindowStore windows;
    private final Clock clock = Clock.systemUTC();

    public DriftLagMetrics(PrometheusRegistry registry, WindowStore windows) {
        this.windows = windows;
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
        windows.oldestDue(now).forEach((g, oldest) ->
                out.put(g, Duration.between(oldest, now).toMillis() / 1000.0));
        return out;
    }
}
