package io.mlctl.operator.guardrail;

import io.mlctl.rollout.api.GuardrailResult;
import io.mlctl.rollout.api.GuardrailsSpec;
import io.mlctl.rollout.api.GuardrailsSpec.GuardrailMetric;
import io.mlctl.rollout.api.ModelRolloutStatus.GuardrailStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The guardrails' running record in the rollout's status: the last measurement of each plus how often it failed
 * and was inconclusive over the whole rollout (as Argo Rollouts counts failureLimit and inconclusiveLimit), and
 * the verdict those counters give. A measurement read from the same fixed evidence as the last one (the same drift
 * report, judged again at every interval until the next window closes) is recorded but not counted again: one
 * drifted window is one failure, however short the guardrail interval.
 */
public final class GuardrailLedger {
    private GuardrailLedger() {
    }

    /** The previous record with new measurements folded in (guardrails no longer in the spec are dropped). */
    public static List<GuardrailStatus> record(List<GuardrailMetric> metrics, List<GuardrailStatus> previous,
                                               List<Measurement> measured, Instant now) {
        Map<String, GuardrailStatus> before = new LinkedHashMap<>();
        previous.forEach(s -> before.put(s.name(), s));
        Map<String, Measurement> fresh = new LinkedHashMap<>();
        measured.forEach(m -> fresh.put(m.name(), m));
        List<GuardrailStatus> out = new ArrayList<>();
        for (GuardrailMetric metric : metrics) {
            GuardrailStatus old = before.get(metric.name());
            Measurement m = fresh.get(metric.name());
            int failures = old == null ? 0 : old.failuresOrZero();
            int inconclusive = old == null ? 0 : old.inconclusiveOrZero();
            if (m == null) {
                out.add(old != null ? old : new GuardrailStatus(metric.name(), null, null, 0, 0, "not judged yet", null, null));
                continue;
            }
            boolean sameEvidence = m.evidence() != null && old != null && m.evidence().equals(old.evidence());
            if (sameEvidence) {
                // already counted when this evidence was first judged
            } else if (m.result() == GuardrailResult.FAILED) {
                failures++;
            } else if (m.result() == GuardrailResult.INCONCLUSIVE) {
                inconclusive++;
            }
            out.add(new GuardrailStatus(metric.name(), m.value(), m.result(), failures, inconclusive, m.message(), now,
                    m.evidence()));
        }
        return out;
    }

    /** Clears the inconclusive counters (after the user resumed a rollout the operator paused for them). */
    public static List<GuardrailStatus> forgiveInconclusive(List<GuardrailStatus> statuses) {
        return statuses.stream().map(s -> new GuardrailStatus(s.name(), s.value(), s.result(), s.failures(), 0,
                s.message(), s.evaluatedAt(), s.evidence())).toList();
    }

    public static Verdict verdict(GuardrailsSpec spec, List<GuardrailStatus> statuses) {
        int failureLimit = spec.failureLimitOrDefault();
        int inconclusiveLimit = spec.inconclusiveLimitOrDefault();
        for (GuardrailStatus s : statuses) {
            if (s.failuresOrZero() > failureLimit) {
                return new Verdict(Verdict.Kind.FAILED, s.name(), "guardrail " + s.name() + " failed " + s.failuresOrZero()
                        + " time" + (s.failuresOrZero() == 1 ? "" : "s") + " (failureLimit " + failureLimit + "): " + s.message());
            }
        }
        for (GuardrailStatus s : statuses) {
            if (s.inconclusiveOrZero() > inconclusiveLimit) {
                return new Verdict(Verdict.Kind.INCONCLUSIVE, s.name(), "guardrail " + s.name() + " was inconclusive "
                        + s.inconclusiveOrZero() + " times (inconclusiveLimit " + inconclusiveLimit + "): " + s.message());
            }
        }
        return new Verdict(Verdict.Kind.WITHIN_LIMITS, null, null);
    }

    /**
     * True when every guardrail was judged after {@code since} and passed at its last judgement: the condition
     * for moving more traffic or promoting. Without guardrails there is nothing to wait for.
     */
    public static boolean allPassedSince(List<GuardrailStatus> statuses, Instant since) {
        for (GuardrailStatus s : statuses) {
            if (s.result() != GuardrailResult.PASSED || s.evaluatedAt() == null
                    || !s.evaluatedAt().isAfter(since)) {
                return false;
            }
        }
        return true;
    }

    /** Words for why {@link #allPassedSince} is false, e.g. "p99-latency-ms: no data". */
    public static String notPassing(List<GuardrailStatus> statuses, Instant since) {
        List<String> parts = new ArrayList<>();
        for (GuardrailStatus s : statuses) {
            if (s.evaluatedAt() == null || !s.evaluatedAt().isAfter(since)) {
                parts.add(s.name() + ": not judged yet");
            } else if (s.result() != GuardrailResult.PASSED) {
                parts.add(s.name() + ": " + (s.message() == null ? s.result().wire() : s.message()));
            }
        }
        return String.join("; ", parts);
    }

    /** What the counters say. */
    public record Verdict(Kind kind, String guardrail, String message) {
        public enum Kind { WITHIN_LIMITS, FAILED, INCONCLUSIVE }
    }
}
