package io.mlctl.controlplane.ingest;

import io.mlctl.api.quality.LabelResult;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.inject.Singleton;

/**
 * {@code mlctl_labels_ingested_total{model,version,outcome}}: label lines by outcome, {@code matched} (joined to a
 * prediction and stored), {@code unmatched} (no prediction under that request id), {@code expired} (older than the
 * label horizon) or {@code rejected} (a row error). A repeated batch is counted once.
 */
@Singleton
public class LabelMetrics {
    private final Counter ingested;

    public LabelMetrics(PrometheusRegistry registry) {
        ingested = Counter.builder().name("mlctl_labels_ingested_total")
                .help("Label lines received, by outcome: matched, unmatched, expired, rejected")
                .labelNames("model", "version", "outcome").register(registry);
    }

    void counted(String model, int version, LabelResult ack) {
        add(model, version, "matched", ack.matched());
        add(model, version, "unmatched", ack.unmatched());
        add(model, version, "expired", ack.expired());
        add(model, version, "rejected", ack.rejected());
    }

    void rejected(String model, int version, int rows) {
        add(model, version, "rejected", rows);
    }

    private void add(String model, int version, String outcome, int n) {
        if (n > 0) {
            ingested.labelValues(model, String.valueOf(version), outcome).inc(n);
        }
    }
}
