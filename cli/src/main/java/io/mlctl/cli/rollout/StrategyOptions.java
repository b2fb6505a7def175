package io.mlctl.cli.rollout;

import io.mlctl.rollout.api.StrategySpec;

/** The flags of one {@code --strategy}: they build its part of the spec over a manifest's of the same kind. */
interface StrategyOptions {
    /**
     * @param base the manifest's strategy when it is of this kind, else null (flags then start from the defaults)
     */
    StrategySpec apply(StrategySpec base);
}
