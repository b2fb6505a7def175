package io.mlctl.operator.guardrail;

import io.mlctl.rollout.api.GuardrailResult;

/** One guardrail judged once: its value (null without data), the result and, unless Passed, why. */
public record Measurement(String name, Double value, GuardrailResult result, String message, String evidence) {
    public Measurement(String name, Double value, GuardrailResult result, String message) {
        this(name, value, result, message, null);
    }
}
