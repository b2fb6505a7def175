package io.mlctl.operator.reconcile;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mlctl.operator.server.ServerReadiness;
import io.mlctl.operator.strategy.Decision;
import io.mlctl.operator.traffic.TrafficPlan;
import io.mlctl.rollout.api.RolloutPhase;

import java.time.Duration;

/**
 * Pending: both versions' servers come up with all traffic on the baseline; once both are ready the strategy starts
 * and the rollout is Progressing.
 */
final class PendingPhase implements PhaseHandler {
    static final Duration WAIT_FOR_SERVERS = Duration.ofSeconds(15);

    private final Phases phases;
    private final StatusRecorder recorder;

    PendingPhase(Phases phases, StatusRecorder recorder) {
        this.phases = phases;
        this.recorder = recorder;
    }

    @Override
    public Step handle(Reconciliation r) {
        Observation obs = r.observed();
        Deployment baseline = r.server(obs.baseline());
        Deployment candidate = r.server(obs.candidate());
        boolean ready = ServerReadiness.ready(baseline, obs.baseline().replicas())
                && ServerReadiness.ready(candidate, obs.candidate().replicas());
        if (!ready) {
            recorder.message(r.rollout(), "waiting for the model servers: " + obs.baseline().name() + " (baseline) "
                    + ServerReadiness.describe(baseline, obs.baseline().replicas()) + ", " + obs.candidate().name()
                    + " (candidate) " + ServerReadiness.describe(candidate, obs.candidate().replicas()));
            return r.bothServers(TrafficPlan.allBaseline(), WAIT_FOR_SERVERS);
        }
        r.status().setStartedAt(r.now());
        Decision d = r.strategy().start(r.strategyContext());
        recorder.phase(r.rollout(), RolloutPhase.PROGRESSING, "Started", "version " + obs.candidate().version()
                + " is ready beside version " + obs.baseline().version() + "; " + describe(d));
        return phases.follow(r, d);
    }

    private static String describe(Decision d) {
        return d instanceof Decision.Continue c ? c.message() : d.toString();
    }
}
