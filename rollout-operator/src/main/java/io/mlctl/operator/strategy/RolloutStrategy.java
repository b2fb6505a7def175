package io.mlctl.operator.strategy;

import io.mlctl.operator.traffic.TrafficPlan;
import io.mlctl.rollout.api.ModelRollout;

/**
 * One way to expose the candidate. {@link #start} runs once when the candidate is ready; {@link #progress} on every
 * later reconciliation. Both write their progress into the status (the only place it lives).
 */
public interface RolloutStrategy {
    Decision start(StrategyContext ctx);

    Decision progress(StrategyContext ctx);

    /** The traffic the status says is in effect (used while paused). */
    TrafficPlan currentTraffic(ModelRollout rollout);

    /** The rollout ended (promoted or rolled back): release what the strategy holds, best effort. */
    default void finished(StrategyContext ctx) {
    }
}
