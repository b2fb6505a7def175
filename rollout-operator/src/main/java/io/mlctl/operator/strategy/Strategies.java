package io.mlctl.operator.strategy;

import io.mlctl.rollout.api.StrategySpec.StrategyKind;

import java.util.EnumMap;
import java.util.Map;

/** The strategy implementation for each kind of {@code spec.strategy}. */
public final class Strategies {
    private final Map<StrategyKind, RolloutStrategy> byKind = new EnumMap<>(StrategyKind.class);

    public Strategies(RolloutStrategy canary, RolloutStrategy shadow, RolloutStrategy abTest) {
        byKind.put(StrategyKind.CANARY, canary);
        byKind.put(StrategyKind.SHADOW, shadow);
        byKind.put(StrategyKind.AB_TEST, abTest);
    }

    public RolloutStrategy of(StrategyKind kind) {
        return byKind.get(kind);
    }
}
