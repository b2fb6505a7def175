package io.mlctl.controlplane.experiment.report;

import io.mlctl.api.experiment.ArmResult;
import io.mlctl.api.experiment.ArmSpec;
import io.mlctl.api.experiment.Bounds;
import io.mlctl.api.experiment.Correction;
import io.mlctl.api.experiment.Experiment;
import io.mlctl.api.experiment.ExperimentReport;
import io.mlctl.api.experiment.ExperimentStatus;
import io.mlctl.api.experiment.LiftPoint;
import io.mlctl.api.experiment.MetricReport;
import io.mlctl.api.experiment.MetricRole;
import io.mlctl.api.experiment.MetricSpec;
import io.mlctl.api.experiment.MetricType;
import io.mlctl.api.experiment.Samples;
import io.mlctl.api.experiment.SrmCheck;
import io.mlctl.controlplane.experiment.report.VerdictRules.Decision;
import io.mlctl.experiment.ArmSummary;
import io.mlctl.experiment.Interval;
import io.mlctl.experiment.MultipleTesting;
import io.mlctl.experiment.NonInferiority;
import io.mlctl.experiment.SampleRatioMismatch;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an experiment's report from its definition and its per-day sufficient statistics: per metric and arm the
 * fixed-horizon and sequential results, SRM, samples required against observed, achieved power, the lift over time
 * and the verdict ({@link VerdictRules}). Pure: no database, no clock.
 */
public final class ReportBuilder {
    /** SRM's chi-square is only trusted once every arm expects at least this many units. */
    public static final double SRM_MIN_EXPECTED = 5;

    private ReportBuilder() {
    }

    public static ExperimentReport build(Experiment e, StatsHistory history, Instant now) {
        LocalDate last = history.lastDay();
        Map<String, Long> observed = observed(e, history, last);
        Map<String, Long> required = SampleRequirements.required(e);
        SrmCheck srm = srm(e, observed);

        List<ArmComparison> comparisons = compare(e, history, last);
        Map<ArmComparison, Double> adjusted = adjust(e.correction(), comparisons);
        List<Judgement> judgements = comparisons.stream()
                .map(c -> judge(e, c, adjusted.get(c), complete(c.arm(), e, observed, required))).toList();

        boolean stopped = e.status() == ExperimentStatus.stopped;
        Decision d = VerdictRules.decide(e, stopped, observed, required, srm, judgements);
        return new ExperimentReport(e.id(), e.model(), e.status(), e.createdAt(), e.stoppedAt(), now,
                d.verdict(), d.reason(), d.winner(), new Samples(required, observed), srm,
                e.alpha(), e.power(), e.nStar(), e.correction(),
                metricReports(e, history, last, observed, judgements), timeline(e, history));
    }

    public static Map<String, Long> observed(Experiment e, StatsHistory history, LocalDate day) {
        Map<String, Long> observed = new LinkedHashMap<>();
        e.arms().forEach(a -> observed.put(a.name(), history.units(a.name(), day)));
        return observed;
    }

    public static SrmCheck srm(Experiment e, Map<String, Long> observed) {
        long total = observed.values().stream().mapToLong(Long::longValue).sum();
        double weights = e.arms().stream().mapToDouble(ArmSpec::weight).sum();
        Map<String, Double> shares = new LinkedHashMap<>();
        e.arms().forEach(a -> shares.put(a.name(), a.weight() / weights));
        boolean enough = e.arms().size() > 1
                && shares.values().stream().allMatch(s -> s * total >= SRM_MIN_EXPECTED);
        if (!enough) {
            return new SrmCheck(false, observed, shares, null, null, false);
        }
        SampleRatioMismatch.Result r = SampleRatioMismatch.test(
                e.arms().stream().mapToLong(a -> observed.get(a.name())).toArray(),
                e.arms().stream().mapToDouble(ArmSpec::weight).toArray());
        return new SrmCheck(true, observed, shares, r.chiSquare(), r.pValue(), r.mismatch());
    }

    private static List<ArmComparison> compare(Experiment e, StatsHistory history, LocalDate day) {
        String control = Arms.control(e.arms()).name();
        List<ArmComparison> out = new ArrayList<>();
        for (MetricSpec m : e.metrics()) {
            ArmSummary c = history.sums(m.name(), control, day).summary(m.type());
            for (ArmSpec t : Arms.treatments(e.arms())) {
                ArmSummary s = history.sums(m.name(), t.name(), day).summary(m.type());
                out.add(ArmComparison.of(m, t.name(), c, s, e.alpha(), e.nStar()));
            }
        }
        return out;
    }

    /** Corrects the fixed-horizon p-values of all primary comparisons together (metrics x treatment arms). */
    private static Map<ArmComparison, Double> adjust(Correction correction, List<ArmComparison> comparisons) {
        List<ArmComparison> primary = comparisons.stream()
                .filter(c -> c.metric().role() != MetricRole.guardrail && c.tested()).toList();
        double[] p = primary.stream().mapToDouble(c -> c.fixed().pValue()).toArray();
        double[] adj = switch (correction) {
            case holm -> MultipleTesting.holm(p);
            case bh -> MultipleTesting.benjaminiHochberg(p);
            case none -> p;
        };
        Map<ArmComparison, Double> out = new IdentityHashMap<>();
        for (int i = 0; i < primary.size(); i++) {
            out.put(primary.get(i), adj[i]);
        }
        return out;
    }

    private static boolean complete(String arm, Experiment e, Map<String, Long> observed, Map<String, Long> required) {
        String control = Arms.control(e.arms()).name();
        return !required.isEmpty()
                && observed.get(control) >= required.get(control)
                && observed.get(arm) >= required.get(arm);
    }

    public static Judgement judge(Experiment e, ArmComparison c, Double adjustedP, boolean complete) {
        if (c.metric().role() == MetricRole.guardrail) {
            if (!c.tested()) {
                return new Judgement(c, Outcome.INCONCLUSIVE, null, complete, null, 0);
            }
            // before the planned samples only the confidence sequence may be watched without inflating errors
            Interval interval = complete ? c.fixed().differenceInterval() : c.sequence();
            double margin = c.metric().margin() == null ? 0 : c.metric().margin();
            NonInferiority.Result r = NonInferiority.check(interval, c.control().mean(), margin, c.direction());
            return new Judgement(c, Outcome.valueOf(r.outcome().name()), null, complete, interval, r.allowedDegradation());
        }
        Outcome o;
        if (!c.tested()) {
            o = Outcome.PENDING;
        } else if (c.sequentiallyBetter()) {
            o = Outcome.WIN;
        } else if (c.sequentiallyWorse()) {
            o = Outcome.LOSS;
        } else if (!complete) {
            o = Outcome.PENDING;
        } else if (adjustedP < e.alpha()) {
            o = c.improvement() > 0 ? Outcome.WIN : Outcome.LOSS;
        } else {
            o = Outcome.FLAT;
        }
        return new Judgement(c, o, adjustedP, complete, null, 0);
    }

    private static List<MetricReport> metricReports(Experiment e, StatsHistory history, LocalDate day,
                                                    Map<String, Long> observed, List<Judgement> judgements) {
        ArmSpec control = Arms.control(e.arms());
        List<MetricReport> out = new ArrayList<>();
        for (MetricSpec m : e.metrics()) {
            boolean primary = m.role() != MetricRole.guardrail;
            List<ArmResult> rows = new ArrayList<>();
            ArmSummary c = history.sums(m.name(), control.name(), day).summary(m.type());
            Map<String, Long> required = primary ? requiredFor(e, m) : Map.of();
            rows.add(level(control, m, c, history.sums(m.name(), control.name(), day),
                    primary ? required.get(control.name()) : null));
            List<Judgement> mine = judgements.stream().filter(j -> j.metric().equals(m.name())).toList();
            for (Judgement j : mine) {
                ArmSpec arm = e.arms().stream().filter(a -> a.name().equals(j.arm())).findFirst().orElseThrow();
                rows.add(compared(e, arm, m, j, history.sums(m.name(), arm.name(), day),
                        primary ? required.get(arm.name()) : null, observed));
            }
            Outcome overall = overall(primary, mine);
            out.add(new MetricReport(m.name(), m.type(), primary ? MetricRole.primary : MetricRole.guardrail,
                    m.direction(), primary ? null : (m.margin() == null ? 0.0 : m.margin()), rows, overall.name(),
                    summary(e, m, mine, overall)));
        }
        return out;
    }

    private static Map<String, Long> requiredFor(Experiment e, MetricSpec m) {
        Map<String, Long> r = new LinkedHashMap<>();
        ArmSpec control = Arms.control(e.arms());
        for (ArmSpec t : Arms.treatments(e.arms())) {
            var n = SampleRequirements.size(e, m, control, t);
            r.merge(control.name(), n.control(), Math::max);
            r.merge(t.name(), n.treatment(), Math::max);
        }
        return r;
    }

    private static ArmResult level(ArmSpec arm, MetricSpec m, ArmSummary s, Sums sums, Long required) {
        boolean proportion = m.type() == MetricType.proportion;
        return new ArmResult(arm.name(), arm.version(), s.n(),
                proportion ? Math.round(Math.min(sums.total(), s.n())) : null,
                proportion ? s.mean() : null, proportion ? null : s.mean(), s.sd(),
                null, null, null, null, null, null, null, null, null, null, required, null);
    }

    private static ArmResult compared(Experiment e, ArmSpec arm, MetricSpec m, Judgement j, Sums sums, Long required,
                                      Map<String, Long> observed) {
        ArmComparison c = j.comparison();
        ArmResult base = level(arm, m, c.treatment(), sums, required);
        if (!c.tested()) {
            return withOutcome(base, j.outcome().name());
        }
        Double power = j.primary() ? SampleRequirements.achievedPower(e, m,
                observed.get(Arms.control(e.arms()).name()), observed.get(arm.name())) : null;
        return new ArmResult(base.arm(), base.version(), base.n(), base.conversions(), base.rate(), base.mean(), base.sd(),
                c.fixed().difference(), bounds(c.fixed().differenceInterval()),
                finite(c.fixed().relativeLift()), bounds(c.fixed().relativeLiftInterval()),
                c.fixed().pValue(), j.adjustedPValue(), c.sequentialPValue(), bounds(c.sequence()),
                bounds(c.liftSequence(e.alpha(), e.nStar())), power, required, j.outcome().name());
    }

    private static ArmResult withOutcome(ArmResult r, String outcome) {
        return new ArmResult(r.arm(), r.version(), r.n(), r.conversions(), r.rate(), r.mean(), r.sd(), null, null, null,
                null, null, null, null, null, null, null, r.samplesRequired(), outcome);
    }

    /** Primary: WIN if any arm wins, else LOSS, PENDING, FLAT; guardrail: the worst arm. */
    private static Outcome overall(boolean primary, List<Judgement> judgements) {
        List<Outcome> order = primary
                ? List.of(Outcome.WIN, Outcome.LOSS, Outcome.PENDING, Outcome.FLAT)
                : List.of(Outcome.BREACHED, Outcome.INCONCLUSIVE, Outcome.NON_INFERIOR);
        for (Outcome o : order) {
            if (judgements.stream().anyMatch(j -> j.outcome() == o)) {
                return o;
            }
        }
        return primary ? Outcome.PENDING : Outcome.INCONCLUSIVE;
    }

    private static String summary(Experiment e, MetricSpec m, List<Judgement> judgements, Outcome overall) {
        List<String> parts = new ArrayList<>();
        for (Judgement j : judgements) {
            ArmComparison c = j.comparison();
            if (!c.tested()) {
                parts.add(j.arm() + ": not enough units yet");
                continue;
            }
            String what = switch (j.outcome()) {
                case WIN -> "better";
                case LOSS -> "worse";
                case FLAT -> "no significant difference";
                case PENDING -> "undecided so far";
                case NON_INFERIOR -> "not worse than tolerated";
                case BREACHED -> "worse than tolerated";
                case INCONCLUSIVE -> "not yet shown to be within tolerance";
            };
            parts.add(j.arm() + " " + what + ": " + Words.level(c.treatment().mean(), m.type()) + " vs "
                    + Words.level(c.control().mean(), m.type()) + " (" + Words.percent(c.fixed().relativeLift())
                    + ", p = " + Words.p(c.fixed().pValue()) + ", sequential p = " + Words.p(c.sequentialPValue()) + ")");
        }
        return parts.isEmpty() ? overall.name() : String.join("; ", parts);
    }

    /** Cumulative relative lift with its confidence sequence at the end of every day with data. */
    public static List<LiftPoint> timeline(Experiment e, StatsHistory history) {
        String control = Arms.control(e.arms()).name();
        List<LiftPoint> out = new ArrayList<>();
        for (LocalDate day : history.days()) {
            for (MetricSpec m : e.metrics()) {
                ArmSummary c = history.sums(m.name(), control, day).summary(m.type());
                for (ArmSpec t : Arms.treatments(e.arms())) {
                    ArmSummary s = history.sums(m.name(), t.name(), day).summary(m.type());
                    ArmComparison cmp = ArmComparison.of(m, t.name(), c, s, e.alpha(), e.nStar());
                    if (!cmp.tested() || !Double.isFinite(cmp.fixed().relativeLift())) {
                        continue;
                    }
                    out.add(new LiftPoint(m.name(), t.name(), day, c.n(), s.n(), cmp.fixed().relativeLift(),
                            bounds(cmp.liftSequence(e.alpha(), e.nStar()))));
                }
            }
        }
        return out;
    }

    public static Bounds bounds(Interval i) {
        return i == null ? new Bounds(null, null) : new Bounds(finite(i.lower()), finite(i.upper()));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
