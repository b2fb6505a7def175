package io.mlctl.controlplane.retrain;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.inject.Singleton;

/**
 * {@code mlctl_retrain_triggers_total{model,reason}}: triggers fired (reason drift, rollback or manual);
 * {@code mlctl_retrain_deliveries_total{model,result}}: delivery rounds (webhook and/or Job) that ended delivered or
 * failed (after the webhook's retries).
 */
@Singleton
public class RetrainMetrics {
    private final Counter triggers;
    private final Counter deliveries;

    public RetrainMetrics(PrometheusRegistry registry) {
        triggers = Counter.builder().name("mlctl_retrain_triggers_total").help("Retrain triggers fired")
                .labelNames("model", "reason").register(registry);
        deliveries = Counter.builder().name("mlctl_retrain_deliveries_total")
                .help("Retrain trigger deliveries (webhook and/or Kubernetes Job) by result: delivered, failed")
                .labelNames("model", "result").register(registry);
    }

    void fired(String model, String reason) {
        triggers.labelValues(model, reason).inc();
    }

    void delivered(String model, boolean ok) {
        deliveries.labelValues(model, ok ? "delivered" : "failed").inc();
    }
}
