package io.mlctl.controlplane.cloudevents;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.inject.Singleton;

/**
 * {@code mlctl_cloudevents_received_total{model,version,half}} (events that passed the checks of a single event;
 * repeats and events of rejected pairs included)
 * and {@code mlctl_cloudevents_rejected_total{model,version,reason}}: {@code unpaired} (a half that waited longer than
 * {@code --cloudevent-pairing-timeout} for its partner and was dropped), {@code undecodable} (a pair the protocol's
 * decoder could not read) and {@code rejected} (a pair whose rows broke the schema). The rows themselves are counted
 * by {@code mlctl_samples_ingested_total} and {@code mlctl_samples_rejected_total} like any other batch.
 */
@Singleton
public class CloudEventMetrics {
    static final String UNPAIRED = "unpaired";
    static final String UNDECODABLE = "undecodable";
    static final String REJECTED = "rejected";

    private final Counter received;
    private final Counter rejected;

    public CloudEventMetrics(PrometheusRegistry registry) {
        received = Counter.builder().name("mlctl_cloudevents_received_total")
                .help("KServe payload-logger events received that passed the single-event checks (repeats included)")
                .labelNames("model", "version", "half").register(registry);
        rejected = Counter.builder().name("mlctl_cloudevents_rejected_total")
                .help("KServe payload-logger events dropped: unpaired halves that timed out, pairs that could not be "
                        + "decoded or whose rows were rejected")
                .labelNames("model", "version", "reason").register(registry);
    }

    void received(String model, int version, InferenceEvent.Half half) {
        received.labelValues(model, String.valueOf(version), half.name()).inc();
    }

    void rejected(String model, int version, String reason, long n) {
        if (n > 0) {
            rejected.labelValues(model, String.valueOf(version), reason).inc(n);
        }
    }
}
