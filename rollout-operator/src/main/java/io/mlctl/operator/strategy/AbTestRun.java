package io.mlctl.operator.strategy;

import io.mlctl.api.experiment.ArmSpec;
import io.mlctl.api.experiment.Experiment;
import io.mlctl.api.experiment.ExperimentReport;
import io.mlctl.api.experiment.ExperimentRequest;
import io.mlctl.api.experiment.MetricRole;
import io.mlctl.api.experiment.MetricSpec;
import io.mlctl.api.experiment.MetricType;
import io.mlctl.operator.controlplane.ControlPlane;
import io.mlctl.operator.controlplane.ControlPlaneException;
import io.mlctl.operator.guardrail.GuardrailLedger;
import io.mlctl.operator.traffic.TrafficPlan;
import io.mlctl.api.common.Durations;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutStatus;
import io.mlctl.rollout.api.StrategySpec;
import io.mlctl.rollout.api.StrategySpec.AbMetric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A/B test: traffic splits by weight (and by the sticky arm header); the control plane's experiment, sized by the
 * experiments module, judges it. SHIP promotes (once guardrails pass), DONT_SHIP and GUARDRAIL_BREACHED roll back,
 * and reaching maxDuration without SHIP rolls back too.
 */
public final class AbTestRun implements RolloutStrategy {
    public static final String CONTROL = "control";
    public static final String TREATMENT = "treatment";
    private static final Logger LOG = LoggerFactory.getLogger(AbTestRun.class);
    private static final Duration RETRY = Duration.ofSeconds(30);

    private final ControlPlane controlPlane;

    public AbTestRun(ControlPlane controlPlane) {
        this.controlPlane = controlPlane;
    }

    @Override
    public Decision start(StrategyContext ctx) {
        ctx.status().setStep(0);
        ctx.status().setStepStartedAt(ctx.now());
        return ensureExperiment(ctx);
    }

    @Override
    public Decision progress(StrategyContext ctx) {
        ModelRolloutStatus status = ctx.status();
        if (status.getExperimentId() == null) {
            return ensureExperiment(ctx);
        }
        try {
            return judge(ctx, controlPlane.experimentReport(status.getExperimentId()), null);
        } catch (ControlPlaneException e) {
            return judge(ctx, null, e.getMessage());
        }
    }

    /**
     * The decision from the experiment's report (its sample counts are recorded in the status).
     *
     * @param report      the control plane's report; null when it could not be read
     * @param unavailable why it could not be read
     */
    static Decision judge(StrategyContext ctx, ExperimentReport report, String unavailable) {
        ModelRolloutStatus status = ctx.status();
        StrategySpec.AbTestStrategy ab = spec(ctx);
        TrafficPlan traffic = TrafficPlan.split(ab.splitOrDefault(), ab.stickyHeaderOrDefault());
        Duration max = Durations.parse(ab.maxDurationOrDefault());
        boolean expired = ctx.elapsedInStep().compareTo(max) >= 0;
        if (report == null) {
            if (expired) {
                return new Decision.Rollback("maxDuration " + ab.maxDurationOrDefault() + " reached and the experiment report"
                        + " is unavailable (" + unavailable + ")", "max_duration");
            }
            return new Decision.Continue(traffic, "A/B test " + status.getExperimentId() + ": cannot read the report ("
                    + unavailable + "); retrying", ctx.wakeUpIn(RETRY));
        }
        if (report.samples() != null) {
            status.setSamples(new ModelRolloutStatus.Samples(report.samples().required(), report.samples().observed()));
        }
        String verdict = "experiment " + report.experiment() + " says " + report.verdict() + ": " + report.reason();
        switch (report.verdict()) {
            case SHIP -> {
                if (GuardrailLedger.allPassedSince(ctx.guardrailRecord(), ctx.stepStartedAt())) {
                    return new Decision.Promote(verdict);
                }
                return new Decision.Continue(traffic, verdict + "; waiting for guardrails to pass ("
                        + GuardrailLedger.notPassing(ctx.guardrailRecord(), ctx.stepStartedAt()) + ")", ctx.wakeUpIn(null));
            }
            case DONT_SHIP -> {
                return new Decision.Rollback(verdict, "experiment_dont_ship");
            }
            case GUARDRAIL_BREACHED -> {
                return new Decision.Rollback(verdict, "experiment_guardrail_breached");
            }
            default -> {
                if (expired) {
                    return new Decision.Rollback("maxDuration " + ab.maxDurationOrDefault() + " reached without a SHIP verdict ("
                            + verdict + ")", "max_duration");
                }
                Duration left = max.minus(ctx.elapsedInStep());
                return new Decision.Continue(traffic, "A/B test: " + samples(status) + "; " + verdict + "; ends at the latest at "
                        + ctx.stepStartedAt().plus(max), ctx.wakeUpIn(left));
            }
        }
    }

    @Override
    public TrafficPlan currentTraffic(ModelRollout rollout) {
        ModelRolloutStatus status = rollout.getStatus();
        if (status.getExperimentId() == null) {
            return TrafficPlan.allBaseline();
        }
        StrategySpec.AbTestStrategy ab = rollout.getSpec().strategy().abTest();
        return TrafficPlan.split(ab.splitOrDefault(), ab.stickyHeaderOrDefault());
    }

    @Override
    public void finished(StrategyContext ctx) {
        String id = ctx.status().getExperimentId();
        if (id == null) {
            return;
        }
        try {
            controlPlane.stopExperiment(id, "ModelRollout " + ctx.rollout().getMetadata().getName() + " ended: "
                    + (ctx.status().getPhase() == null ? "" : ctx.status().getMessage()));
        } catch (ControlPlaneException e) {
            LOG.warn("could not stop experiment {}: {}", id, e.getMessage());
        }
    }

    private Decision ensureExperiment(StrategyContext ctx) {
        ModelRollout rollout = ctx.rollout();
        StrategySpec.AbTestStrategy ab = spec(ctx);
        String id = experimentName(rollout);
        try {
            Experiment e;
            try {
                e = controlPlane.createExperiment(request(rollout, id));
            } catch (ControlPlaneException conflict) {
                if (conflict.status() != 409) {
                    throw conflict;
                }
                // created by an earlier attempt whose status update was lost: adopt it
                e = controlPlane.experiment(id);
            }
            ctx.status().setExperimentId(e.id());
            ctx.status().setStepStartedAt(ctx.now());
            if (e.samples() != null) {
                ctx.status().setSamples(new ModelRolloutStatus.Samples(e.samples().required(), e.samples().observed()));
            }
        } catch (ControlPlaneException e) {
            return new Decision.Continue(TrafficPlan.allBaseline(), "A/B test: cannot create experiment " + id
                    + " in the control plane (" + e.getMessage() + "); retrying before splitting traffic", ctx.wakeUpIn(RETRY));
        }
        TrafficPlan traffic = TrafficPlan.split(ab.splitOrDefault(), ab.stickyHeaderOrDefault());
        return new Decision.Continue(traffic, "A/B test " + id + " started: " + ab.splitOrDefault() + "% to the candidate; "
                + samples(ctx.status()), ctx.wakeUpIn(Durations.parse(ab.maxDurationOrDefault())));
    }

    static ExperimentRequest request(ModelRollout rollout, String id) {
        StrategySpec.AbTestStrategy ab = rollout.getSpec().strategy().abTest();
        AbMetric m = ab.metric();
        ModelRolloutStatus s = rollout.getStatus();
        MetricSpec metric = new MetricSpec(m.name(), MetricType.valueOf(m.typeOrDefault()), MetricRole.primary, null,
                m.baseline(), m.stddev(), m.mdeRelative(), m.mdeAbsolute(), null);
        int split = ab.splitOrDefault();
        return new ExperimentRequest(id, rollout.getSpec().model(),
                "A/B rollout " + rollout.getMetadata().getNamespace() + "/" + rollout.getMetadata().getName() + ": version "
                        + s.getCandidateVersion() + " against " + s.getBaselineVersion(),
                List.of(new ArmSpec(CONTROL, Integer.toString(s.getBaselineVersion()), 100 - split),
                        new ArmSpec(TREATMENT, Integer.toString(s.getCandidateVersion()), split)),
                List.of(metric), ab.alphaOrDefault(), ab.powerOrDefault(), null, ab.maxDurationOrDefault(), null, null);
    }

    /** A DNS label unique to this rollout object (its uid), stable across retries. */
    static String experimentName(ModelRollout rollout) {
        String base = rollout.getMetadata().getName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        String uid = rollout.getMetadata().getUid() == null ? "0" : rollout.getMetadata().getUid().replace("-", "");
        String suffix = "-" + uid.substring(0, Math.min(8, uid.length()));
        if (base.length() + suffix.length() > 63) {
            base = base.substring(0, 63 - suffix.length());
        }
        return (base + suffix).replaceAll("^-+", "");
    }

    private static String samples(ModelRolloutStatus status) {
        if (status.getSamples() == null || status.getSamples().observed() == null) {
            return "no samples yet";
        }
        StringBuilder sb = new StringBuilder();
        for (String arm : List.of(CONTROL, TREATMENT)) {
            Long obs = status.getSamples().observed().get(arm);
            Long req = status.getSamples().required() == null ? null : status.getSamples().required().get(arm);
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(arm).append(' ').append(obs == null ? 0 : obs).append('/').append(req == null ? "?" : req);
        }
        return sb + " samples";
    }

    private static StrategySpec.AbTestStrategy spec(StrategyContext ctx) {
        return ctx.rollout().getSpec().strategy().abTest();
    }
}
