package io.mlctl.operator.reconcile;

import io.mlctl.operator.guardrail.PresetQueries;
import io.mlctl.operator.guardrail.QueryTemplate;
import io.mlctl.rollout.api.GuardrailsSpec.GuardrailMetric;
import io.mlctl.rollout.api.ModelRolloutSpec;
import io.mlctl.rollout.api.ModelRolloutValidator;
import io.mlctl.rollout.api.Runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reconcile-time validation: the schema's rules (an API server that skipped them, e.g. a test server, or an old
 * CRD) plus what only the operator knows, such as which guardrail presets a runtime supports.
 */
final class SpecChecks {
    private SpecChecks() {
    }

    static List<String> beforeObservation(ModelRolloutSpec spec) {
        List<String> problems = new ArrayList<>(ModelRolloutValidator.validate(spec));
        if (spec != null && spec.guardrails() != null) {
            for (GuardrailMetric m : spec.guardrails().metricsOrEmpty()) {
                if (m != null && m.query() != null) {
                    Set<String> unknown = QueryTemplate.unknownPlaceholders(m.query());
                    if (!unknown.isEmpty()) {
                        problems.add("guardrail " + m.name() + ": unknown placeholders " + unknown + " (known: "
                                + String.join(", ", QueryTemplate.VARIABLES.stream().sorted().toList()) + ")");
                    }
                }
            }
        }
        return problems;
    }

    static List<String> forRuntime(ModelRolloutSpec spec, Runtime runtime) {
        List<String> problems = new ArrayList<>();
        for (GuardrailMetric m : spec.guardrailsOrDefault().metricsOrEmpty()) {
            if (m.preset() != null && PresetQueries.query(m.preset(), runtime).isEmpty()) {
                problems.add("guardrail " + m.name() + ": preset " + m.preset() + " is not available for runtime "
                        + runtime.wire() + " (it does not export the metric); write a query instead");
            }
        }
        return problems;
    }
}
