package io.mlctl.controlplane.quality;

import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import io.mlctl.api.quality.QualityReport;
import io.mlctl.api.quality.QualityWindow;
import io.mlctl.controlplane.ingest.LabelsStored;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code mlctl_model_quality{model,version,metric}} and {@code mlctl_model_quality_estimated{...}}: the realized and
 * CBPE-estimated metrics of a version's newest window with labels. Set after every stored batch of labels (the
 * versions are recomputed every few seconds, off the request path, however many batches came, unless a read since
 * the last batch did it or one is running) and whenever the quality is read; undefined metrics are left out. A version is recomputed at most once per 20 times the duration of
 * its last recompute.
 */
@Singleton
public class QualityGauges {
    private static final Logger LOG = LoggerFactory.getLogger(QualityGauges.class);

    private final QualityService quality;
    private final Gauge realized;
    private final Gauge estimated;
    /** Versions with labels stored since their last recompute, with the System.nanoTime() of the latest batch. */
    private final Map<LabelsStored, Long> pending = new ConcurrentHashMap<>();
    /** Per version, the quality reads running now: a recompute waits for them (they set the gauges themselves). */
    private final Map<LabelsStored, Integer> reading = new ConcurrentHashMap<>();
    /** Per version, the System.nanoTime() before which it is not recomputed again (see {@link #refresh}). */
    private final Map<LabelsStored, Long> notBefore = new ConcurrentHashMap<>();

    public QualityGauges(QualityService quality, PrometheusRegistry registry) {
        this.quality = quality;
        realized = Gauge.builder().name("mlctl_model_quality")
                .help("Realized quality metric of the newest window with labels (per the schema's quality task)")
                .labelNames("model", "version", "metric").register(registry);
        estimated = Gauge.builder().name("mlctl_model_quality_estimated")
                .help("CBPE estimate of a binary model's quality metric in the newest window with labels")
                .labelNames("model", "version", "metric").register(registry);
    }

    @EventListener
    void onLabels(LabelsStored event) {
        pending.put(event, System.nanoTime());
    }

    @Scheduled(fixedDelay = "${mlctl.quality.gauge-interval:5s}")
    void refresh() {
        for (Map.Entry<LabelsStored, Long> due : List.copyOf(pending.entrySet())) {
            LabelsStored v = due.getKey();
            long started = System.nanoTime();
            if (started - notBefore.getOrDefault(v, started) < 0 || reading.containsKey(v)) {
                continue; // still pending: recomputed on a later tick, unless a read running now covers it
            }
            if (!pending.remove(v, due.getValue())) {
                continue; // a read took it meanwhile, or more labels came: the next tick sees the newest
            }
            try {
                QualityWindow w = quality.newestLabelled(v.model(), v.version());
                if (w != null) {
                    set(v.model(), v.version(), w);
                }
            } catch (RuntimeException e) {
                // the labels are stored; the gauges catch up on the next batch or read
                LOG.warn("updating the quality gauges of {} {} failed: {}", v.model(), v.version(), e.toString());
            }
            // A recompute reads the whole version; while labels stream into a large one, doing it every interval
            // took a large share of the label path's CPU (docs/BENCHMARKS.md). Waiting 19 times as long as it took
            // keeps it under 5% of one core, and the gauges still catch up within seconds once the labels stop.
            notBefore.put(v, System.nanoTime() + 19 * (System.nanoTime() - started));
        }
    }

    /**
     * A quality read's newest labelled window; a read that started after the version's last labels were stored
     * leaves nothing pending, so the same computation is not run again a few seconds later.
     */
    void show(QualityReport report, long readStarted) {
        report.items().stream().filter(w -> w.labeled() > 0).findFirst()
                .ifPresent(w -> set(report.model(), report.version(), w));
        pending.computeIfPresent(new LabelsStored(report.model(), report.version()),
                (k, stored) -> stored - readStarted < 0 ? null : stored);
    }

    /** A quality read of the version starts: answers its System.nanoTime() for {@link #show}. */
    long readStarting(LabelsStored version) {
        reading.merge(version, 1, Integer::sum);
        return System.nanoTime();
    }

    /** The read ended (after {@link #show}, or failed). */
    void readEnded(LabelsStored version) {
        reading.computeIfPresent(version, (k, n) -> n == 1 ? null : n - 1);
    }

    private void set(String model, int version, QualityWindow w) {
        put(realized, model, version, w.metrics());
        put(estimated, model, version, w.estimated());
    }

    private static void put(Gauge gauge, String model, int version, Map<String, Object> metrics) {
        if (metrics == null) {
            return;
        }
        String v = String.valueOf(version);
        metrics.forEach((name, value) -> {
            if (value instanceof Double d) {
                gauge.labelValues(model, v, name).set(d);
            } else if (value == null) {
                gauge.remove(model, v, name);
            } else if (value instanceof List<?> interval && interval.size() == 2) {
                gauge.labelValues(model, v, name + "_lower").set(((Number) interval.get(0)).doubleValue());
                gauge.labelValues(model, v, name + "_upper").set(((Number) interval.get(1)).doubleValue());
            }
        });
    }
}
