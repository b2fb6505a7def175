package io.mlctl.controlplane.experiment.report;

import io.mlctl.api.experiment.ArmSpec;
import io.mlctl.api.experiment.Experiment;
import io.mlctl.api.experiment.MetricType;
import io.mlctl.api.experiment.SrmCheck;
import io.mlctl.api.experiment.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decision, in this order:
 * <ol>
 * <li>no units yet: KEEP_RUNNING;</li>
 * <li>sample-ratio mismatch: DONT_SHIP (the data cannot be trusted);</li>
 * <li>a guardrail BREACHED in any treatment arm: GUARDRAIL_BREACHED;</li>
 * <li>a treatment arm whose primary metrics are all decided, none a LOSS and at least one a WIN: SHIP (the arm with
 *     the largest lift on the first primary metric if several);</li>
 * <li>every treatment arm refused (a LOSS, or FLAT everywhere after the planned samples), or the experiment stopped
 *     before a winner: DONT_SHIP;</li>
 * <li>otherwise KEEP_RUNNING, with the progress towards the planned samples.</li>
 * </ol>
 * Wins and losses before the planned samples come only from the confidence sequences, so watching the report
 * continuously does not inflate the error rates.
 */
public final class VerdictRules {
    private VerdictRules() {
    }

    public record Decision(Verdict verdict, String reason, String winner) {
    }

    static Decision decide(Experiment e, boolean stopped, Map<String, Long> observed, Map<String, Long> required,
                           SrmCheck srm, List<Judgement> judgements) {
        long total = observed.values().stream().mapToLong(Long::longValue).sum();
        String progress = Words.progress(observed, required);
        if (total == 0) {
            return stopped
                    ? new Decision(Verdict.DONT_SHIP, "The experiment stopped before any unit was exposed.", null)
                    : new Decision(Verdict.KEEP_RUNNING, "No units exposed yet: send exposure events "
                    + "(POST /api/v1/experiments/" + e.id() + "/events) to start collecting samples.", null);
        }
        if (srm.mismatch()) {
            return new Decision(Verdict.DONT_SHIP, "Sample ratio mismatch: observed " + progressOnly(observed)
                    + " against the planned split " + split(e) + " (chi-square p = " + Words.p(srm.pValue())
                    + " < 0.001). Assignment or event logging is broken, so the results cannot be trusted; "
                    + "fix it and restart the experiment.", null);
        }
        Optional<Judgement> breach = judgements.stream().filter(j -> j.outcome() == Outcome.BREACHED).findFirst();
        if (breach.isPresent()) {
            Judgement j = breach.get();
            long count = judgements.stream().filter(x -> x.outcome() == Outcome.BREACHED).count();
            MetricType type = j.comparison().metric().type();
            double margin = j.comparison().metric().margin() == null ? 0 : j.comparison().metric().margin();
            return new Decision(Verdict.GUARDRAIL_BREACHED, "Guardrail '" + j.metric() + "' breached in '" + j.arm()
                    + "': " + Words.difference(j.comparison().fixed().difference(), type)
                    + " (" + Words.percent(j.comparison().fixed().relativeLift()) + ") against control; the "
                    + (j.complete() ? Words.confidence(e.alpha()) + " interval" : "peeking-safe confidence sequence")
                    + " of the difference (" + Words.differenceInterval(j.guardrailInterval(), type)
                    + ") lies beyond the tolerated " + (margin == 0 ? "zero degradation"
                    : "degradation of " + Words.number(j.allowedDegradation()) + " (" + Words.percent(margin).substring(1)
                    + " of control)") + (count > 1 ? "; " + (count - 1) + " more guardrail breach(es)" : "") + ".", null);
        }
        List<Judgement> winners = new ArrayList<>();
        List<Judgement> refusals = new ArrayList<>();
        for (ArmSpec arm : Arms.treatments(e.arms())) {
            List<Judgement> primary = judgements.stream().filter(j -> j.primary() && j.arm().equals(arm.name())).toList();
            Optional<Judgement> loss = primary.stream().filter(j -> j.outcome() == Outcome.LOSS).findFirst();
            boolean decided = primary.stream().allMatch(j -> j.outcome() == Outcome.WIN || j.outcome() == Outcome.FLAT);
            Optional<Judgement> win = primary.stream().filter(j -> j.outcome() == Outcome.WIN).findFirst();
            if (loss.isPresent()) {
                refusals.add(loss.get());
            } else if (decided && win.isPresent()) {
                winners.add(win.get());
            } else if (decided && !primary.isEmpty()) {
                refusals.add(primary.get(0));
            }
        }
        if (!winners.isEmpty()) {
            Judgement best = winners.stream()
                    .max(Comparator.comparingDouble(j -> j.comparison().improvement() / Math.max(1e-300,
                            Math.abs(j.comparison().control().mean()))))
                    .orElseThrow();
            return new Decision(Verdict.SHIP, "'" + best.arm() + "' wins on " + evidence(e, best)
                    + "; units " + progress + "; no guardrail breached.", best.arm());
        }
        int treatments = Arms.treatments(e.arms()).size();
        if (!refusals.isEmpty() && refusals.size() == treatments) {
            Judgement j = refusals.get(0);
            String why = j.outcome() == Outcome.LOSS
                    ? "'" + j.arm() + "' is worse on " + evidence(e, j)
                    : "no significant effect on " + j.metric() + " in '" + j.arm() + "' after the planned samples ("
                    + progress + "): relative lift " + Words.percent(j.comparison().fixed().relativeLift()) + ", "
                    + Words.confidence(e.alpha()) + " CI " + Words.liftInterval(j.comparison().fixed().relativeLiftInterval())
                    + ", p = " + Words.p(j.adjustedPValue()) + "; an effect as large as the MDE is unlikely";
            return new Decision(Verdict.DONT_SHIP, capitalize(why) + "; keep the control.", null);
        }
        if (stopped) {
            return new Decision(Verdict.DONT_SHIP, "The experiment stopped" + (e.stopReason() == null ? "" : " (" + e.stopReason() + ")")
                    + " before reaching the planned samples (" + progress + ") and without a significant effect; keep the control.", null);
        }
        StringBuilder sb = new StringBuilder("Collecting samples: ").append(progress);
        long req = required.values().stream().mapToLong(Long::longValue).sum();
        if (req > 0) {
            sb.append(" (").append(Math.min(100, Math.round(100.0 * total / req))).append("% of the planned total)");
        }
        judgements.stream().filter(j -> j.primary() && j.comparison().tested()).findFirst().ifPresent(j ->
                sb.append("; ").append(j.metric()).append(" lift so far ").append(Words.percent(j.comparison().fixed().relativeLift()))
                        .append(" in '").append(j.arm()).append("' (sequential p = ").append(Words.p(j.comparison().sequentialPValue())).append(")"));
        sb.append(". Looking at the report any time is safe: the confidence sequences decide early only when the effect is clear.");
        return new Decision(Verdict.KEEP_RUNNING, sb.toString(), null);
    }

    /** "conversion: relative lift +19.8% (95% CI ...), p = ... ". */
    private static String evidence(Experiment e, Judgement j) {
        ArmComparison c = j.comparison();
        String conf = Words.confidence(e.alpha());
        String base = c.metric().name() + ": relative lift " + Words.percent(c.fixed().relativeLift()) + " (" + conf + " CI "
                + Words.liftInterval(c.fixed().relativeLiftInterval()) + "), difference "
                + Words.difference(c.fixed().difference(), c.metric().type());
        boolean fixedSignificant = j.complete() && j.adjustedPValue() != null && j.adjustedPValue() < e.alpha();
        if (fixedSignificant) {
            return base + ", p = " + Words.p(c.fixed().pValue())
                    + (e.correction().name().equals("none") ? "" : " (" + e.correction() + "-adjusted " + Words.p(j.adjustedPValue()) + ")");
        }
        return base + "; the " + conf + " confidence sequence " + Words.differenceInterval(c.sequence(), c.metric().type())
                + " excludes zero (sequential p = " + Words.p(c.sequentialPValue()) + ")"
                + (j.complete() ? "" : " before the planned samples");
    }

    private static String progressOnly(Map<String, Long> observed) {
        return Words.progress(observed, Map.of());
    }

    private static String split(Experiment e) {
        return String.join("/", e.arms().stream().map(a -> String.valueOf(a.weight())).toList());
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
