package io.mlctl.controlplane.drift;

import io.micronaut.scheduling.annotation.Scheduled;
import io.mlctl.api.drift.DriftReport;
import io.mlctl.api.drift.FeatureDriftResult;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mlctl_drift_psi|ks_statistic|kl|wasserstein_normed|hellinger|cramers_v|detected|null_rate
 * {model,version,feature}} and
 * {@code mlctl_drift_share{model,version}} from the newest window report of each version. Set when this process
 * closes a window, and refreshed from the database on a timer so that every replica shows the same values whichever
 * one closed the window. {@code feature="__dataset__"} of {@code detected} is the
 * dataset verdict.
 */
@Singleton
public class DriftMetrics {
    public static final String DATASET = "__dataset__";
    private static final Logger LOG = LoggerFactory.getLogger(DriftMetrics.class);

    private final Gauge psi;
    private final Gauge ks;
    private final Gauge kl;
    private final Gauge wassersteinNormed;
    private final Gauge hellinger;
    private final Gauge cramersV;
    private final Gauge detected;
    private final Gauge nullRate;
    private final Gauge share;
    private final DriftReports reports;

    public DriftMetrics(PrometheusRegistry registry, DriftReports reports) {
        this.reports = reports;
        psi = Gauge.builder().name("mlctl_drift_psi").help("PSI of the newest closed window against the reference")
                .labelNames("model", "version", "feature").register(registry);
        ks = Gauge.builder().name("mlctl_drift_ks_statistic")
                .help("Kolmogorov-Smirnov D of the newest closed window against the reference (numeric features)")
                .labelNames("model", "version", "feature").register(registry);
        kl = Gauge.builder().name("mlctl_drift_kl")
                .help("KL divergence (nats) of the reference from the newest closed window")
                .labelNames("model", "version", "feature").register(registry);
        wassersteinNormed = Gauge.builder().name("mlctl_drift_wasserstein_normed")
                .help("Wasserstein-1 distance of the newest closed window from the reference, over the reference's "
                        + "standard deviation (numeric features)")
                .labelNames("model", "version", "feature").register(registry);
        hellinger = Gauge.builder().name("mlctl_drift_hellinger")
                .help("Hellinger distance of the newest closed window from the reference over the bins or categories")
                .labelNames("model", "version", "feature").register(registry);
        cramersV = Gauge.builder().name("mlctl_drift_cramers_v")
                .help("Cramer's V of the newest closed window against the reference (categorical features)")
                .labelNames("model", "version", "feature").register(registry);
        detected = Gauge.builder().name("mlctl_drift_detected")
                .help("1 when the newest closed window drifted (per feature; __dataset__: dataset drift)")
                .labelNames("model", "version", "feature").register(registry);
        nullRate = Gauge.builder().name("mlctl_drift_null_rate")
                .help("Share of the newest closed window's rows where the feature is missing, null, NaN or infinite")
                .labelNames("model", "version", "feature").register(registry);
        share = Gauge.builder().name("mlctl_drift_share")
                .help("Drifted features / features with data in the newest closed window (dataset drift at >= 0.5)")
                .labelNames("model", "version").register(registry);
    }

    /** Shows a window report (newer reports of the same version overwrite older ones). */
    public void show(DriftReport report) {
        if (!"window".equals(report.granularity()) || report.features() == null) {
            return;
        }
        String m = report.model();
        String v = String.valueOf(report.version());
        for (FeatureDriftResult f : report.features()) {
            set(psi, m, v, f.name(), f.psi());
            set(kl, m, v, f.name(), f.kl());
            set(ks, m, v, f.name(), f.ksStatistic());
            set(wassersteinNormed, m, v, f.name(), f.wassersteinNormed());
            set(hellinger, m, v, f.name(), f.hellinger());
            set(cramersV, m, v, f.name(), f.cramersV());
            set(nullRate, m, v, f.name(), f.nullRateCurrent());
            detected.labelValues(m, v, f.name()).set(FeatureDriftResult.DRIFT.equals(f.verdict()) ? 1 : 0);
        }
        detected.labelValues(m, v, DATASET).set(report.datasetDrift() ? 1 : 0);
        share.labelValues(m, v).set(report.driftShare());
    }

    private static void set(Gauge g, String m, String v, String feature, Double value) {
        if (value == null) {
            g.remove(m, v, feature);
        } else {
            g.labelValues(m, v, feature).set(value);
        }
    }

    @Scheduled(fixedDelay = "${mlctl.drift.gauge-refresh:15s}", initialDelay = "1s")
    void refresh() {
        try {
            reports.latestOfEach().forEach(this::show);
        } catch (RuntimeException e) {
            LOG.debug("drift gauges not refreshed: {}", e.toString());
        }
    }
}
