package io.mlctl.cli.rollout;

import io.fabric8.kubernetes.api.model.Condition;
import io.mlctl.cli.support.OutputFormat;
import io.mlctl.cli.support.Printer;
import io.mlctl.api.common.Durations;
import io.mlctl.rollout.api.GuardrailsSpec;
import io.mlctl.rollout.api.GuardrailsSpec.GuardrailMetric;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutSpec;
import io.mlctl.rollout.api.ModelRolloutStatus;
import io.mlctl.rollout.api.Numbers;
import io.mlctl.rollout.api.ModelRolloutStatus.GuardrailStatus;
import io.mlctl.rollout.api.StrategySpec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The human view of a rollout: where it is, its steps, its guardrails and its samples, at a glance. */
final class RolloutView {
    private final Clock clock;

    RolloutView(Clock clock) {
        this.clock = clock;
    }

    void print(ModelRollout r, PrintWriter out) {
        ModelRolloutSpec spec = r.getSpec();
        ModelRolloutStatus s = r.getStatus() == null ? new ModelRolloutStatus() : r.getStatus();
        Printer printer = new Printer(out, OutputFormat.table);
        List<String[]> head = new ArrayList<>();
        head.add(row("Name:", r.getMetadata().getName() + "  (namespace " + r.getMetadata().getNamespace() + ")"));
        head.add(row("Model:", spec.model() + "  baseline " + ref(spec.baseline(), s.getBaselineVersion())
                + " -> candidate " + ref(spec.candidate(), s.getCandidateVersion())));
        head.add(row("Strategy:", strategy(spec)));
        head.add(row("Phase:", s.getPhase() == null ? "(not reconciled yet)" : s.getPhase().wire()
                + (spec.pauseRequested() && s.getPhase() != null && !s.getPhase().isTerminal() ? " (paused)" : "")));
        if (s.getMessage() != null) {
            head.add(row("Message:", s.getMessage()));
        }
        if (s.getWeights() != null) {
            head.add(row("Traffic:", "baseline " + nz(s.getWeights().baseline()) + "%, candidate " + nz(s.getWeights().candidate()) + "%"
                    + (s.getMirrorPercent() != null ? ", mirroring " + s.getMirrorPercent() + "% to the candidate" : "")));
        }
        if (s.getExperimentId() != null) {
            head.add(row("Experiment:", s.getExperimentId()));
        }
        if (s.getRetrain() != null) {
            head.add(row("Retrain:", retrain(s.getRetrain())));
        }
        if (s.getStartedAt() != null) {
            head.add(row("Started:", s.getStartedAt() + " (" + ago(s.getStartedAt()) + " ago)"
                    + (s.getFinishedAt() != null ? ", finished " + s.getFinishedAt() : "")));
        }
        printer.table(new String[]{"", ""}, head);

        StrategySpec st = spec.strategy();
        if (st != null && st.canary() != null) {
            out.println();
            List<String[]> rows = new ArrayList<>();
            List<StrategySpec.CanaryStep> steps = st.canary().steps();
            int current = s.getStep() == null ? -1 : s.getStep();
            for (int i = 0; i < steps.size(); i++) {
                rows.add(new String[]{Integer.toString(i + 1), steps.get(i).weight() + "%", steps.get(i).pause(), stepState(s, i, current, steps.get(i))});
            }
            printer.table(new String[]{"STEP", "WEIGHT", "PAUSE", "STATE"}, rows);
        }

        GuardrailsSpec g = spec.guardrailsOrDefault();
        if (!g.metricsOrEmpty().isEmpty()) {
            out.println();
            List<String[]> rows = new ArrayList<>();
            for (GuardrailMetric m : g.metricsOrEmpty()) {
                GuardrailStatus gs = s.getGuardrails().stream().filter(x -> x.name().equals(m.name())).findFirst().orElse(null);
                rows.add(new String[]{m.name(), source(m), bound(m),
                        gs == null || gs.value() == null ? "-" : number(gs.value()),
                        gs == null || gs.result() == null ? "pending" : gs.result().wire(),
                        (gs == null ? 0 : gs.failuresOrZero()) + "/" + g.failureLimitOrDefault(),
                        (gs == null ? 0 : gs.inconclusiveOrZero()) + "/" + g.inconclusiveLimitOrDefault(),
                        gs == null || gs.message() == null ? "" : gs.message()});
            }
            printer.table(new String[]{"GUARDRAIL", "SOURCE", "BOUND", "VALUE", "RESULT", "FAILED/LIMIT", "INCONCL/LIMIT", "WHY"}, rows);
        }

        if (s.getSamples() != null) {
            out.println();
            Map<String, Long> req = s.getSamples().required() == null ? Map.of() : s.getSamples().required();
            Map<String, Long> obs = s.getSamples().observed() == null ? Map.of() : s.getSamples().observed();
            Set<String> arms = new LinkedHashSet<>(req.keySet());
            arms.addAll(obs.keySet());
            List<String[]> rows = new ArrayList<>();
            for (String arm : arms) {
                Long o = obs.get(arm);
                Long q = req.get(arm);
                rows.add(new String[]{arm, o == null ? "0" : o.toString(), q == null ? "-" : q.toString(),
                        q == null || q == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * (o == null ? 0 : o) / q)});
            }
            printer.table(new String[]{"SAMPLES", "OBSERVED", "REQUIRED", "PROGRESS"}, rows);
        }

        if (!s.getConditions().isEmpty()) {
            out.println();
            List<String[]> rows = new ArrayList<>();
            for (Condition c : s.getConditions()) {
                rows.add(new String[]{c.getType(), c.getStatus(), c.getReason(), c.getMessage() == null ? "" : c.getMessage()});
            }
            printer.table(new String[]{"CONDITION", "STATUS", "REASON", "MESSAGE"}, rows);
        }
        out.flush();
    }

    private String stepState(ModelRolloutStatus s, int i, int current, StrategySpec.CanaryStep step) {
        boolean finished = s.getPhase() != null && s.getPhase().isTerminal();
        if (i < current) {
            return "done";
        }
        if (i == current) {
            if (finished) {
                return s.getPhase().wire().toLowerCase(Locale.ROOT);
            }
            if (s.getStepStartedAt() == null) {
                return "current";
            }
            Duration in = Duration.between(s.getStepStartedAt(), clock.instant());
            Duration left = Durations.parse(step.pause()).minus(in);
            return "current: " + Durations.format(positive(in)) + " in, " + (left.isNegative() || left.isZero()
                    ? "pause over" : Durations.format(left) + " left");
        }
        return finished ? "skipped" : "pending";
    }

    static String strategy(ModelRolloutSpec spec) {
        StrategySpec st = spec.strategy();
        if (st == null || st.kind() == null) {
            return "(invalid)";
        }
        return switch (st.kind()) {
            case CANARY -> "canary, " + st.canary().steps().size() + " steps";
            case SHADOW -> "shadow, mirroring " + st.shadow().mirrorPercentOrDefault() + "%"
                    + (st.shadow().duration() != null ? " for " + st.shadow().duration() : "")
                    + (st.shadow().minSamples() != null ? (st.shadow().duration() != null ? " or " : " ") + "until " + st.shadow().minSamples() + " samples" : "");
            case AB_TEST -> "A/B test, " + st.abTest().splitOrDefault() + "% to the candidate on " + st.abTest().metric().name()
                    + ", at most " + st.abTest().maxDurationOrDefault();
        };
    }

    private static String retrain(ModelRolloutStatus.RetrainStatus r) {
        if (r.state() == null) {
            return "(unknown)";
        }
        return switch (r.state()) {
            case REQUESTED -> "trigger " + r.triggerId() + " (mlctl retrain list shows its delivery)";
            case PENDING -> r.attemptsOrZero() == 0 ? "pending"
                    : "pending: " + r.attemptsOrZero() + " attempt" + (r.attemptsOrZero() == 1 ? "" : "s")
                    + " failed, next at " + r.nextAttemptAt() + " (" + r.lastError() + ")";
            case REFUSED -> "refused by the control plane: " + r.lastError();
        };
    }

    private static String source(GuardrailMetric m) {
        if (m.preset() != null) {
            return "preset " + m.preset();
        }
        if (m.drift() != null) {
            return "drift " + m.drift().statistic() + "(" + m.drift().feature() + ")";
        }
        return "query";
    }

    private static String bound(GuardrailMetric m) {
        List<String> parts = new ArrayList<>();
        if (m.min() != null) {
            parts.add(">= " + number(m.min()));
        }
        if (m.max() != null) {
            parts.add("<= " + number(m.max()));
        }
        return String.join(", ", parts);
    }

    static String number(double v) {
        return Numbers.format(v);
    }

    private static String ref(String ref, Integer resolved) {
        return resolved == null || ref.equals(Integer.toString(resolved)) ? ref : ref + " (v" + resolved + ")";
    }

    String ago(Instant instant) {
        return Durations.format(positive(Duration.between(instant, clock.instant())));
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d.withNanos(0);
    }

    private static int nz(Integer i) {
        return i == null ? 0 : i;
    }

    private static String[] row(String k, String v) {
        return new String[]{k, v};
    }
}
