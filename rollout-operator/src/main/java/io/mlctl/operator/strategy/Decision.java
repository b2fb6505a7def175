package io.mlctl.operator.strategy;

import io.mlctl.operator.traffic.TrafficPlan;

import java.time.Duration;

/** What a strategy wants next. */
public sealed interface Decision {
    /**
     * Keep going with this traffic.
     *
     * @param wakeUpIn when something is due (end of a pause, next guardrail judgement); null when only events matter
     */
    record Continue(TrafficPlan traffic, String message, Duration wakeUpIn) implements Decision {
    }

    /** The candidate won: move the alias, send it all traffic. */
    record Promote(String message) implements Decision {
    }

    /**
     * The candidate lost.
     *
     * @param reason bounded label for {@code mlctl_rollouts_rolled_back_total{reason}}
     */
    record Rollback(String message, String reason) implements Decision {
    }

    /** The evidence stayed inconclusive: apply the guardrails' onInconclusive policy. */
    record Inconclusive(String message) implements Decision {
    }
}
