package io.mlctl.controlplane.retrain;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.inject.Singleton;

/** {@code mlctl_retrain_triggers_total{model,reason}}: triggers fired (reason drift, rollback or manual). */
@Singleton
public class RetrainMetrics {
    private final Counter triggers;

    public RetrainMetrics(PrometheusRegistry registry) {
        triggers = Counter.builder().name("mlctl_retrain_triggers_total").help("Retrain triggers fired")
                .labelNames("model", "reason").register(registry);
    }

    void fired(String model, String reason) {
        triggers.labelValues(model, reason).inc();
    }
}
