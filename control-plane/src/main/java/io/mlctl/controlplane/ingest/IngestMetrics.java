package io.mlctl.controlplane.ingest;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * {@code mlctl_samples_ingested_total}, {@code mlctl_samples_rejected_total{reason}} and
 * {@code mlctl_samples_last_ingested_timestamp_seconds} (when this process last stored a row: a sender that stopped
 * shows as a growing {@code time() - max(...)}), per model and version.
 */
@Singleton
public class IngestMetrics {
    private final Counter ingested;
    private final Counter rejected;
    private final Gauge lastIngested;

    public IngestMetrics(PrometheusRegistry registry) {
        ingested = Counter.builder().name("mlctl_samples_ingested_total")
                .help("Sample rows accepted and stored (a repeated batch is counted once)")
                .labelNames("model", "version").register(registry);
        rejected = Counter.builder().name("mlctl_samples_rejected_total")
                .help("Sample rows rejected, by reason")
                .labelNames("model", "version", "reason").register(registry);
        lastIngested = Gauge.builder().name("mlctl_samples_last_ingested_timestamp_seconds")
                .help("Unix time at which this process last stored accepted sample rows")
                .labelNames("model", "version").register(registry);
    }

    void accepted(String model, int version, long rows) {
        if (rows > 0) {
            ingested.labelValues(model, String.valueOf(version)).inc(rows);
            lastIngested.labelValues(model, String.valueOf(version)).set(System.currentTimeMillis() / 1000.0);
        }
    }

    void rejected(String model, int version, Map<RejectReason, Long> byReason) {
        byReason.forEach((reason, n) -> rejected.labelValues(model, String.valueOf(version), reason.label()).inc(n));
    }
}
