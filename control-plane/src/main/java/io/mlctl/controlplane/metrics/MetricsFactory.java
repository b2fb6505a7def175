package io.mlctl.controlplane.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.configuration.metrics.micrometer.ExportConfigurationProperties;
import io.micronaut.configuration.metrics.micrometer.prometheus.PrometheusMeterRegistryFactory;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.inject.Singleton;

import java.util.Properties;

/**
 * One {@link PrometheusRegistry} for the whole control plane. Domain metrics (Prometheus Java client 1.x) register
 * in it by injecting this bean; Micrometer's Prometheus registry (JVM, HTTP server metrics) is built on the same
 * instance, so {@code /metrics} scrapes both from one place.
 */
@Factory
public class MetricsFactory {

    @Singleton
    public PrometheusRegistry prometheusRegistry() {
        return new PrometheusRegistry();
    }

    @Singleton
    @Replaces(factory = PrometheusMeterRegistryFactory.class, bean = PrometheusMeterRegistry.class)
    public PrometheusMeterRegistry prometheusMeterRegistry(PrometheusRegistry registry,
                                                           ExportConfigurationProperties export) {
        Properties p = export.getExport();
        PrometheusConfig config = p::getProperty;
        return new PrometheusMeterRegistry(config, registry, Clock.SYSTEM);
    }
}
