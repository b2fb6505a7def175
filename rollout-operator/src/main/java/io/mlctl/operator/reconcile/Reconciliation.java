package io.mlctl.operator.reconcile;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mlctl.operator.reconcile.RolloutPlan.ServerPlan;
import io.mlctl.operator.server.ServerConfig;
import io.mlctl.operator.strategy.RolloutStrategy;
import io.mlctl.operator.strategy.StrategyContext;
import io.mlctl.operator.traffic.TrafficPlan;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutSpec;
import io.mlctl.rollout.api.ModelRolloutStatus;

import java.time.Duration;
import java.time.Instant;

/**
 * One pass over one rollout, as the phase handlers see it: the rollout (its status is what they change), what was
 * observed, the time, the strategy, and the servers as the informers last saw them.
 */
final class Reconciliation {
    private final ModelRollout rollout;
    private final Observation observed;
    private final Instant now;
    private final RolloutStrategy strategy;
    private final RolloutResources resources;
    private final Timings timings;

    Reconciliation(ModelRollout rollout, Observation observed, Instant now, RolloutStrategy strategy,
                   RolloutResources resources, Timings timings) {
        this.rollout = rollout;
        this.observed = observed;
        this.now = now;
        this.strategy = strategy;
        this.resources = resources;
        this.timings = timings;
    }

    ModelRollout rollout() {
        return rollout;
    }

    ModelRolloutSpec spec() {
        return rollout.getSpec();
    }

    ModelRolloutStatus status() {
        return rollout.getStatus();
    }

    Observation observed() {
        return observed;
    }

    Instant now() {
        return now;
    }

    RolloutStrategy strategy() {
        return strategy;
    }

    StrategyContext strategyContext() {
        return new StrategyContext(rollout, rollout.getStatus(), now);
    }

    Timings timings() {
        return timings;
    }

    /** A version's server Deployment as the informer last saw it (null before it exists). */
    Deployment server(ServerConfig server) {
        return resources.deployment(server.name(), rollout.getMetadata().getNamespace());
    }

    RolloutPlan plan(int baselineReplicas, int candidateReplicas, TrafficPlan traffic) {
        return new RolloutPlan(new ServerPlan(observed.baseline(), baselineReplicas),
                new ServerPlan(observed.candidate(), candidateReplicas), traffic);
    }

    /** Both servers at their replicas with this traffic; look again in {@code wakeUpIn}. */
    Step bothServers(TrafficPlan traffic, Duration wakeUpIn) {
        return new Step(plan(observed.baseline().replicas(), observed.candidate().replicas(), traffic), wakeUpIn, false);
    }

    /** The rollout ended for the candidate: all traffic on the baseline, the candidate scaled to 0. */
    Step baselineOnly(Duration wakeUpIn) {
        return new Step(plan(observed.baseline().replicas(), 0, TrafficPlan.allBaseline()), wakeUpIn, false);
    }
}
