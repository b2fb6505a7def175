package io.mlctl.operator.reconcile;

import java.time.Duration;

/**
 * What a phase handler decided: the objects to apply, when to look again, and whether the spec changed (the operator
 * pauses a rollout by setting {@code spec.paused}).
 *
 * @param plan        the servers and the traffic split to apply
 * @param wakeUpIn    when something is due; null when only events matter
 * @param specChanged write the spec too
 */
record Step(RolloutPlan plan, Duration wakeUpIn, boolean specChanged) {
}
