package io.mlctl.operator.guardrail;

import io.mlctl.operator.guardrail.PrometheusClient.QueryResult;
import io.mlctl.rollout.api.GuardrailResult;
import io.mlctl.rollout.api.Numbers;
import io.mlctl.rollout.api.GuardrailsSpec.GuardrailMetric;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges guardrails: Prometheus queries (presets or the user's PromQL) and drift statistics from the control plane.
 * No data, NaN, a rejected query and an unreachable source are all Inconclusive, never Passed.
 */
public final class GuardrailEvaluator {
    private final PrometheusClient prometheus;
    private final DriftSource drift;

    /** @param prometheus null when no Prometheus is configured (query guardrails are then Inconclusive) */
    public GuardrailEvaluator(PrometheusClient prometheus, DriftSource drift) {
        this.prometheus = prometheus;
        this.drift = drift;
    }

    public List<Measurement> evaluate(List<GuardrailMetric> metrics, GuardrailTarget target, Instant now) {
        List<Measurement> out = new ArrayList<>(metrics.size());
        for (GuardrailMetric m : metrics) {
            out.add(judge(m, read(m, target, now)));
        }
        return out;
    }

    Reading read(GuardrailMetric m, GuardrailTarget target, Instant now) {
        if (m.drift() != null) {
            return drift.read(m.drift(), target);
        }
        if (m.quality() != null) {
            return drift.readQuality(m.quality(), target);
        }
        String template = m.query() != null ? m.query()
                : PresetQueries.query(m.preset(), target.runtime()).orElse(null);
        if (template == null) {
            return new Reading.Missing("preset " + m.preset() + " is not available for runtime " + target.runtime().wire());
        }
        if (prometheus == null) {
            return new Reading.Missing("no Prometheus URL is configured for the operator");
        }
        String promql = QueryTemplate.render(template, QueryTemplate.variables(target));
        QueryResult r = prometheus.query(promql, now);
        if (r instanceof QueryResult.Values v) {
            return worst(m, v.values());
        } else if (r instanceof QueryResult.NoData) {
            return new Reading.Missing("no data: the query matched no series");
        } else if (r instanceof QueryResult.BadQuery b) {
            return new Reading.Missing("Prometheus rejected the query: " + b.reason());
        }
        return new Reading.Missing(((QueryResult.Unreachable) r).reason());
    }

    /** Of several series, the one furthest on the wrong side: the highest against a max, the lowest against a min. */
    private static Reading worst(GuardrailMetric m, List<Double> values) {
        List<Double> finite = values.stream().filter(d -> !d.isNaN()).toList();
        if (finite.isEmpty()) {
            return new Reading.Missing("no data: the query gave NaN (no requests in the window?)");
        }
        double max = finite.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double min = finite.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        if (m.max() != null && max > m.max()) {
            return new Reading.Value(max);
        }
        if (m.min() != null && min < m.min()) {
            return new Reading.Value(min);
        }
        return new Reading.Value(m.max() != null ? max : min);
    }

    static Measurement judge(GuardrailMetric m, Reading reading) {
        if (reading instanceof Reading.Missing missing) {
            return new Measurement(m.name(), null, GuardrailResult.INCONCLUSIVE, missing.reason());
        }
        Reading.Value read = (Reading.Value) reading;
        double v = read.value();
        if (Double.isNaN(v)) {
            return new Measurement(m.name(), null, GuardrailResult.INCONCLUSIVE, "no data: the value is NaN");
        }
        if (Double.isInfinite(v)) {
            return new Measurement(m.name(), null, GuardrailResult.INCONCLUSIVE, "the value is infinite");
        }
        if (m.effectiveMax() != null && v > m.effectiveMax()) {
            return new Measurement(m.name(), v, GuardrailResult.FAILED, m.name() + " " + fmt(v) + " is above its max " + fmt(m.effectiveMax()),
                    read.evidence());
        }
        if (m.effectiveMin() != null && v < m.effectiveMin()) {
            return new Measurement(m.name(), v, GuardrailResult.FAILED, m.name() + " " + fmt(v) + " is below its min " + fmt(m.effectiveMin()),
                    read.evidence());
        }
        return new Measurement(m.name(), v, GuardrailResult.PASSED, null, read.evidence());
    }

    private static String fmt(double v) {
        return Numbers.format(v);
    }
}
