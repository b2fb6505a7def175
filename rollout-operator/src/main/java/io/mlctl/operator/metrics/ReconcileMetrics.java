package io.mlctl.operator.metrics;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import io.mlctl.rollout.api.ModelRollout;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.Map;

/**
 * JOSDK's monitoring hook on the Prometheus client: reconcile durations and outcomes
 * ({@code mlctl_operator_reconcile_duration_seconds}, {@code mlctl_operator_reconciliations_total{result}}); a
 * deleted ModelRollout's domain series are dropped here too.
 */
public final class ReconcileMetrics implements Metrics {
    private final Histogram duration;
    private final Counter reconciliations;
    private final RolloutMetrics rollouts;

    public ReconcileMetrics(PrometheusRegistry registry, RolloutMetrics rollouts) {
        this.rollouts = rollouts;
        duration = Histogram.builder().name("mlctl_operator_reconcile_duration_seconds")
                .help("Time to reconcile one ModelRollout")
                .classicUpperBounds(0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10)
                .labelNames("controller").register(registry);
        reconciliations = Counter.builder().name("mlctl_operator_reconciliations_total")
                .help("ModelRollout reconciliations by result (success, failure)")
                .labelNames("controller", "result").register(registry);
    }

    @Override
    public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
        long start = System.nanoTime();
        try {
            T result = execution.execute();
            reconciliations.labelValues(execution.controllerName(), "success").inc();
            return result;
        } catch (Exception e) {
            reconciliations.labelValues(execution.controllerName(), "failure").inc();
            throw e;
        } finally {
            duration.labelValues(execution.controllerName()).observe((System.nanoTime() - start) / 1e9);
        }
    }

    @Override
    public void receivedEvent(Event event, Map<String, Object> metadata) {
        if (event instanceof ResourceEvent re && re.getAction() == ResourceAction.DELETED
                && re.getResource().orElse(null) instanceof ModelRollout r) {
            rollouts.forget(r.getMetadata().getNamespace(), r.getMetadata().getName(), r.getSpec().model());
        }
    }

    @Override
    public <T extends Map<?, ?>> T monitorSizeOf(T map, String name) {
        return map;
    }
}
