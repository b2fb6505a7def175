package io.mlctl.operator.testing;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.mlctl.rollout.api.GuardrailsSpec;
import io.mlctl.rollout.api.GuardrailsSpec.GuardrailMetric;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutSpec;
import io.mlctl.rollout.api.RetrainSpec;
import io.mlctl.rollout.api.StrategySpec;
import io.mlctl.rollout.api.TrafficSpec;

import java.util.ArrayList;
import java.util.List;

/** ModelRollouts for tests, and readers for what the operator made of them. */
public final class Rollouts {
    private Rollouts() {
    }

    public static ModelRollout rollout(String ns, String name, String model, String candidate, StrategySpec strategy,
                                       GuardrailsSpec guardrails, boolean retrainOnRollback) {
        return new ModelRollout(ns, name, new ModelRolloutSpec(model, "@production", candidate, null,
                new TrafficSpec(model, null, null, null), strategy, guardrails,
                retrainOnRollback ? new RetrainSpec(true) : null, null, null, null));
    }

    public static StrategySpec canary(String... steps) {
        List<StrategySpec.CanaryStep> list = new ArrayList<>();
        for (String s : steps) {
            String[] p = s.split(":");
            list.add(new StrategySpec.CanaryStep(Integer.parseInt(p[0]), p[1]));
        }
        return new StrategySpec(new StrategySpec.CanaryStrategy(list), null, null);
    }

    public static GuardrailsSpec guardrails(int failureLimit, int inconclusiveLimit, GuardrailsSpec.OnInconclusive on,
                                            GuardrailMetric... metrics) {
        return new GuardrailsSpec("1m", failureLimit, inconclusiveLimit, on, List.of(metrics));
    }

    public static GuardrailMetric preset(String name, String preset, double max) {
        return new GuardrailMetric(name, preset, null, null, null, max);
    }

    /** "fraud-v1=95" for each backendRef of the route's catch-all rule (the last one). */
    public static List<String> weights(HTTPRoute route) {
        List<HTTPRouteRule> rules = route.getSpec().getRules();
        return rules.get(rules.size() - 1).getBackendRefs().stream()
                .map((HTTPBackendRef b) -> b.getName() + "=" + b.getWeight()).toList();
    }

    /** The recorded state of the guardrail at {@code index}, or null before its first judgement. */
    public static io.mlctl.rollout.api.ModelRolloutStatus.GuardrailStatus guardrail(ModelRollout r, int index) {
        return r.getStatus() == null || r.getStatus().getGuardrails().size() <= index ? null : r.getStatus().getGuardrails().get(index);
    }

    public static int failures(ModelRollout r, int index) {
        var g = guardrail(r, index);
        return g == null ? 0 : g.failuresOrZero();
    }

    public static int inconclusive(ModelRollout r, int index) {
        var g = guardrail(r, index);
        return g == null ? 0 : g.inconclusiveOrZero();
    }

    public static int candidateWeight(ModelRollout r) {
        return r.getStatus() == null || r.getStatus().getWeights() == null || r.getStatus().getWeights().candidate() == null
                ? -1 : r.getStatus().getWeights().candidate();
    }
}
