package io.mlctl.cli.rollout;

import io.mlctl.rollout.api.StrategySpec;
import io.mlctl.rollout.api.StrategySpec.ShadowStrategy;
import picocli.CommandLine.Option;

import static io.mlctl.cli.rollout.Overrides.flagOr;

/** {@code --strategy shadow}: how much is mirrored and what ends it. */
final class ShadowOptions implements StrategyOptions {
    @Option(names = "--mirror-percent", paramLabel = "PCT",
            description = "Shadow: percent of requests mirrored (default " + ShadowStrategy.DEFAULT_MIRROR_PERCENT + ").")
    Integer mirrorPercent;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Shadow: how long to mirror, e.g. 1h (default " + ShadowStrategy.DEFAULT_DURATION
                    + " without --min-samples).")
    String duration;

    @Option(names = "--min-samples", paramLabel = "N", description = "Shadow: compared samples that end the shadow early.")
    Long minSamples;

    @Override
    public StrategySpec apply(StrategySpec base) {
        ShadowStrategy b = base == null ? null : base.shadow();
        String d = flagOr(duration, b, ShadowStrategy::duration);
        Long n = flagOr(minSamples, b, ShadowStrategy::minSamples);
        if (d == null && n == null) {
            d = ShadowStrategy.DEFAULT_DURATION;
        }
        return new StrategySpec(null, new ShadowStrategy(flagOr(mirrorPercent, b, ShadowStrategy::mirrorPercent), d, n), null);
    }
}
