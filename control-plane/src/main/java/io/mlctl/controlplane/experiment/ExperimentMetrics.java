package io.mlctl.controlplane.experiment;

import io.micronaut.context.annotation.Context;
import io.mlctl.api.experiment.ArmResult;
import io.mlctl.api.experiment.ExperimentReport;
import io.mlctl.api.experiment.MetricReport;
import io.mlctl.api.experiment.Verdict;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Function;

/**
 * The running experiments as gauges, read from the database at scrape time, so every replica reports the same
 * numbers and stopped experiments drop out (the label sets stay bounded by the running experiments and their
 * metrics). Created with the context so the series exist from the start.
 * <ul>
 * <li>{@code mlctl_experiment_samples{experiment, arm}}: exposed units per arm;</li>
 * <li>{@code mlctl_experiment_samples_required{experiment, arm}}: units the primary metrics' designs need;</li>
 * <li>{@code mlctl_experiment_lift{experiment, metric, arm}} and {@code mlctl_experiment_lift_lower|upper}: each
 * treatment arm's relative lift over control and its anytime-valid confidence sequence (safe to watch
 * continuously);</li>
 * <li>{@code mlctl_experiment_verdict{experiment, model, verdict}}: 1 for the report's verdict, 0 for the others.</li>
 * </ul>
 * The report-based gauges come from one {@link MultiCollector}: one report computation per scrape serves them all.
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
        registry.register(new ReportGauges(experiments));
    }

    /** Required samples, lifts and verdicts of the running experiments' reports. */
    static final class ReportGauges implements MultiCollector {
        static final String REQUIRED = "mlctl_experiment_samples_required";
        static final String LIFT = "mlctl_experiment_lift";
        static final String LIFT_LOWER = "mlctl_experiment_lift_lower";
        static final String LIFT_UPPER = "mlctl_experiment_lift_upper";
        static final String VERDICT = "mlctl_experiment_verdict";

        private final ExperimentService experiments;

        ReportGauges(ExperimentService experiments) {
            this.experiments = experiments;
        }

        @Override
        public MetricSnapshots collect() {
            List<ExperimentReport> reports;
            try {
                reports = experiments.runningReports();
            } catch (RuntimeException e) {
                LOG.warn("cannot read experiment reports for /metrics: {}", e.toString());
                reports = List.of();
            }
            GaugeSnapshot.Builder required = gauge(REQUIRED, "Units per arm the primary metrics need to detect their planned effect");
            GaugeSnapshot.Builder verdict = gauge(VERDICT,
                    "1 for the verdict the report recommends now (SHIP, DONT_SHIP, KEEP_RUNNING, GUARDRAIL_BREACHED)");
            for (ExperimentReport r : reports) {
                r.samples().required().forEach((arm, n) ->
                        required.dataPoint(point(n, "experiment", r.experiment(), "arm", arm)));
                for (Verdict v : Verdict.values()) {
                    verdict.dataPoint(point(v == r.verdict() ? 1 : 0, "experiment", r.experiment(), "model", r.model(),
                            "verdict", v.name()));
                }
            }
            return MetricSnapshots.of(required.build(),
                    lift(reports, LIFT, "Relative lift of a treatment arm over control (0.05 = +5%)", ArmResult::relativeLift),
                    lift(reports, LIFT_LOWER, "Lower bound of the relative lift's anytime-valid confidence sequence",
                            a -> a.relativeLiftSequence() == null ? null : a.relativeLiftSequence().lower()),
                    lift(reports, LIFT_UPPER, "Upper bound of the relative lift's anytime-valid confidence sequence",
                            a -> a.relativeLiftSequence() == null ? null : a.relativeLiftSequence().upper()),
                    verdict.build());
        }

        @Override
        public List<String> getPrometheusNames() {
            return List.of(REQUIRED, LIFT, LIFT_LOWER, LIFT_UPPER, VERDICT);
        }

        private static GaugeSnapshot lift(List<ExperimentReport> reports, String name, String help,
                                          Function<ArmResult, Double> value) {
            GaugeSnapshot.Builder g = gauge(name, help);
            for (ExperimentReport r : reports) {
                for (MetricReport m : r.metrics()) {
                    for (ArmResult a : m.arms()) {
                        // the control row has no comparison, so no lift
                        Double v = a.relativeLift() == null ? null : value.apply(a);
                        if (v != null && Double.isFinite(v)) {
                            g.dataPoint(point(v, "experiment", r.experiment(), "metric", m.name(), "arm", a.arm()));
                        }
                    }
                }
            }
            return g.build();
        }

        private static GaugeSnapshot.Builder gauge(String name, String help) {
            return GaugeSnapshot.builder().name(name).help(help);
        }

        private static GaugeDataPointSnapshot point(double value, String... labels) {
            return GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
        }
    }
}
