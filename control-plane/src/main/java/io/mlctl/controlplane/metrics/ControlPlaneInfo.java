package io.mlctl.controlplane.metrics;

import io.micronaut.context.annotation.Context;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code mlctl_control_plane_info{version} 1}: always present, so dashboards can list the control planes a
 * Prometheus scrapes (their {@code namespace}, {@code job}, {@code pod} target labels) before any domain metric
 * has a series.
 */
@Context
public class ControlPlaneInfo {
    public ControlPlaneInfo(PrometheusRegistry registry) {
        String version = ControlPlaneInfo.class.getPackage().getImplementationVersion();
        Info.builder().name("mlctl_control_plane_info").help("The mlctl control plane; always 1")
                .labelNames("version").register(registry)
                .addLabelValues(version == null ? "dev" : version);
    }
}
