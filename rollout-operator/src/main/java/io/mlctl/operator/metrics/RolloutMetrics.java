package io.mlctl.operator.metrics;

import io.mlctl.rollout.api.GuardrailResult;
import io.mlctl.rollout.api.GuardrailsSpec.GuardrailMetric;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutStatus;
import io.mlctl.rollout.api.ModelRolloutStatus.GuardrailStatus;
import io.mlctl.rollout.api.RolloutPhase;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's domain metrics (docs/DESIGN.md "Metrics"): phase, weights and guardrails per rollout (with the spec's
 * thresholds, so dashboards draw values against them), and rollbacks by reason. Labels stay bounded: namespace,
 * rollout, model, plus phase / role / guardrail / result / bound from fixed sets.
 */
public final class RolloutMetrics {
    private final Gauge phase;
    private final Gauge weight;
    private final Gauge guardrailValue;
    private final Gauge guardrailResult;
    private final Gauge guardrailThreshold;
    private final Counter rolledBack;
    private final Map<String, Set<String>> guardrailsByRollout = new ConcurrentHashMap<>();

    public RolloutMetrics(PrometheusRegistry registry) {
        phase = Gauge.builder().name("mlctl_rollout_phase")
                .help("1 for the phase a ModelRollout is in, 0 for the others")
                .labelNames("namespace", "rollout", "model", "phase").register(registry);
        weight = Gauge.builder().name("mlctl_rollout_weight")
                .help("Percent of requests routed to each version of a ModelRollout")
                .labelNames("namespace", "rollout", "model", "role").register(registry);
        guardrailValue = Gauge.builder().name("mlctl_rollout_guardrail_value")
                .help("Last measured value of a rollout guardrail (absent without data)")
                .labelNames("namespace", "rollout", "model", "guardrail").register(registry);
        guardrailResult = Gauge.builder().name("mlctl_rollout_guardrail_result")
                .help("1 for the last result of a rollout guardrail (Passed, Failed, Inconclusive), 0 for the others")
                .labelNames("namespace", "rollout", "model", "guardrail", "result").register(registry);
        guardrailThreshold = Gauge.builder().name("mlctl_rollout_guardrail_threshold")
                .help("A rollout guardrail's limit from its spec: bound=max (fails above) or bound=min (fails below)")
                .labelNames("namespace", "rollout", "model", "guardrail", "bound").register(registry);
        rolledBack = Counter.builder().name("mlctl_rollouts_rolled_back_total")
                .help("ModelRollouts rolled back, by reason").labelNames("reason").register(registry);
    }

    /** Mirrors a rollout's status into the gauges. */
    public void record(ModelRollout rollout) {
        ModelRolloutStatus s = rollout.getStatus();
        if (s == null || s.getPhase() == null) {
            return;
        }
        String ns = rollout.getMetadata().getNamespace();
        String name = rollout.getMetadata().getName();
        String model = rollout.getSpec().model();
        for (RolloutPhase p : RolloutPhase.values()) {
            phase.labelValues(ns, name, model, p.wire()).set(p == s.getPhase() ? 1 : 0);
        }
        if (s.getWeights() != null) {
            weight.labelValues(ns, name, model, "baseline").set(nz(s.getWeights().baseline()));
            weight.labelValues(ns, name, model, "candidate").set(nz(s.getWeights().candidate()));
        }
        Set<String> names = guardrailsByRollout.computeIfAbsent(key(ns, name), k -> ConcurrentHashMap.newKeySet());
        for (GuardrailMetric m : rollout.getSpec().guardrailsOrDefault().metricsOrEmpty()) {
            names.add(m.name());
            threshold(ns, name, model, m.name(), "max", m.effectiveMax());
            threshold(ns, name, model, m.name(), "min", m.effectiveMin());
        }
        for (GuardrailStatus g : s.getGuardrails()) {
            names.add(g.name());
            if (g.value() != null) {
                guardrailValue.labelValues(ns, name, model, g.name()).set(g.value());
            } else {
                guardrailValue.remove(ns, name, model, g.name());
            }
            for (GuardrailResult r : GuardrailResult.values()) {
                guardrailResult.labelValues(ns, name, model, g.name(), r.wire()).set(r == g.result() ? 1 : 0);
            }
        }
    }

    public void rolledBack(String reason) {
        rolledBack.labelValues(reason).inc();
    }

    /** Drops every series of a deleted rollout. */
    public void forget(String namespace, String name, String model) {
        for (RolloutPhase p : RolloutPhase.values()) {
            phase.remove(namespace, name, model, p.wire());
        }
        weight.remove(namespace, name, model, "baseline");
        weight.remove(namespace, name, model, "candidate");
        Set<String> names = guardrailsByRollout.remove(key(namespace, name));
        if (names != null) {
            for (String g : names) {
                guardrailValue.remove(namespace, name, model, g);
                for (GuardrailResult r : GuardrailResult.values()) {
                    guardrailResult.remove(namespace, name, model, g, r.wire());
                }
                guardrailThreshold.remove(namespace, name, model, g, "max");
                guardrailThreshold.remove(namespace, name, model, g, "min");
            }
        }
    }

    private void threshold(String ns, String name, String model, String guardrail, String bound, Double value) {
        if (value == null) {
            guardrailThreshold.remove(ns, name, model, guardrail, bound);
        } else {
            guardrailThreshold.labelValues(ns, name, model, guardrail, bound).set(value);
        }
    }

    private static String key(String ns, String name) {
        return ns + "/" + name;
    }

    private static double nz(Integer v) {
        return v == null ? 0 : v;
    }
}
