package io.mlctl.controlplane.experiment;

import io.micronaut.context.annotation.Context;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mlctl_experiment_samples{experiment, arm}}: exposed units per arm of every running experiment, read from
 * the database at scrape time, so every replica reports the same numbers and stopped experiments drop out (the
 * label set stays bounded by the running experiments). Created with the context so the series exists from the start.
 */
@Context
public class ExperimentMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentMetrics.class);

    public ExperimentMetrics(PrometheusRegistry registry, ExperimentService experiments) {
        GaugeWithCallback.builder()
                .name("mlctl_experiment_samples")
                .help("Units exposed per arm of each running experiment")
                .labelNames("experiment", "arm")
                .callback(cb -> {
                    try {
                        experiments.runningSamples().forEach((experiment, arms) ->
                                arms.forEach((arm, n) -> cb.call(n, experiment, arm)));
                    } catch (RuntimeException e) {
                        // an unreachable database skips the series rather than failing the whole scrape
                        LOG.warn("cannot read experiment samples for /metrics: {}", e.toString());
                    }
                })
                .register(registry);
    }
}
