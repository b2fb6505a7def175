package io.mlctl.cli.rollout;

import io.mlctl.rollout.api.StrategySpec;
import io.mlctl.rollout.api.StrategySpec.AbMetric;
import io.mlctl.rollout.api.StrategySpec.AbTestStrategy;
import picocli.CommandLine.Option;

import static io.mlctl.cli.rollout.Overrides.flagOr;

/** {@code --strategy ab}: the split and the experiment's primary metric and design. */
final class AbTestOptions implements StrategyOptions {
    @Option(names = "--split", paramLabel = "PCT",
            description = "A/B: percent of requests to the candidate (default " + AbTestStrategy.DEFAULT_SPLIT + ").")
    Integer split;

    @Option(names = "--metric", paramLabel = "NAME",
            description = "A/B: the primary metric's name (default " + AbMetric.DEFAULT_NAME + ").")
    String metric;

    @Option(names = "--metric-type", paramLabel = "TYPE", description = "A/B: proportion or mean (default " + AbMetric.DEFAULT_TYPE + ").")
    String metricType;

    @Option(names = "--metric-baseline", paramLabel = "X", description = "A/B: the control's expected rate or mean.")
    Double metricBaseline;

    @Option(names = "--mde-relative", paramLabel = "R", description = "A/B: minimum detectable effect, relative (0.05 = 5%%).")
    Double mdeRelative;

    @Option(names = "--mde-absolute", paramLabel = "A", description = "A/B: minimum detectable effect, absolute.")
    Double mdeAbsolute;

    @Option(names = "--stddev", paramLabel = "S", description = "A/B: standard deviation of a mean metric.")
    Double stddev;

    @Option(names = "--alpha", paramLabel = "A",
            description = "A/B: significance level (default " + AbTestStrategy.DEFAULT_ALPHA + ").")
    Double alpha;

    @Option(names = "--power", paramLabel = "P", description = "A/B: power (default " + AbTestStrategy.DEFAULT_POWER + ").")
    Double power;

    @Option(names = "--max-duration", paramLabel = "DURATION",
            description = "A/B: give up (roll back) after this long (default " + AbTestStrategy.DEFAULT_MAX_DURATION + ").")
    String maxDuration;

    @Override
    public StrategySpec apply(StrategySpec base) {
        AbTestStrategy b = base == null ? null : base.abTest();
        AbMetric bm = b == null ? null : b.metric();
        // either effect size on the command line replaces the manifest's (a metric has exactly one)
        AbMetric bmEffect = mdeRelative != null || mdeAbsolute != null ? null : bm;
        AbMetric m = new AbMetric(metric != null ? metric : bm != null ? bm.name() : AbMetric.DEFAULT_NAME,
                flagOr(metricType, bm, AbMetric::type),
                flagOr(metricBaseline, bm, AbMetric::baseline), flagOr(mdeRelative, bmEffect, AbMetric::mdeRelative),
                flagOr(mdeAbsolute, bmEffect, AbMetric::mdeAbsolute), flagOr(stddev, bm, AbMetric::stddev));
        return new StrategySpec(null, null, new AbTestStrategy(flagOr(split, b, AbTestStrategy::split), m,
                flagOr(alpha, b, AbTestStrategy::alpha), flagOr(power, b, AbTestStrategy::power),
                flagOr(maxDuration, b, AbTestStrategy::maxDuration), b == null ? null : b.stickyHeader()));
    }
}
