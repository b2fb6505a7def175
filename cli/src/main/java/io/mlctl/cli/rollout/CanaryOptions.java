package io.mlctl.cli.rollout;

import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.rollout.api.StrategySpec;
import io.mlctl.rollout.api.StrategySpec.CanaryStep;
import io.mlctl.rollout.api.StrategySpec.CanaryStrategy;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --strategy canary}: the steps. */
final class CanaryOptions implements StrategyOptions {
    private static final Pattern STEP = Pattern.compile("^([0-9]+):([0-9a-z]+)$");

    @Option(names = "--steps", paramLabel = "W:PAUSE,...", split = ",",
            description = "Canary steps, e.g. 5:10m,25:30m,50:30m (the default).")
    List<String> steps;

    @Override
    public StrategySpec apply(StrategySpec base) {
        List<CanaryStep> s = steps != null ? parseSteps(steps)
                : base != null ? base.canary().steps() : CanaryStrategy.DEFAULT_STEPS;
        return new StrategySpec(new CanaryStrategy(s), null, null);
    }

    static List<CanaryStep> parseSteps(List<String> steps) {
        List<CanaryStep> out = new ArrayList<>();
        for (String s : steps) {
            Matcher m = STEP.matcher(s.trim());
            if (!m.matches()) {
                throw new CliException(ExitCodes.USAGE, "--steps '" + s + "' is not WEIGHT:PAUSE, e.g. 25:30m");
            }
            out.add(new CanaryStep(Integer.parseInt(m.group(1)), m.group(2)));
        }
        return out;
    }
}
