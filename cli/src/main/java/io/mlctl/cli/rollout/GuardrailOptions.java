package io.mlctl.cli.rollout;

import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.rollout.api.GuardrailsSpec;
import io.mlctl.rollout.api.GuardrailsSpec.GuardrailMetric;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.mlctl.cli.rollout.Overrides.flagOr;

/** The guardrails: {@code --guardrail} adds one (or replaces the manifest's of the same name), the rest tune them all. */
final class GuardrailOptions {
    private static final Pattern GUARDRAIL = Pattern.compile("^([a-z0-9][-a-z0-9_]*)=(.+?)(<=|>=)(-?[0-9.eE+-]+)$");

    @Option(names = "--guardrail", paramLabel = "SPEC", description = "A guardrail (see below); repeatable.")
    List<String> guardrails;

    @Option(names = "--interval", paramLabel = "DURATION",
            description = "How often guardrails are judged (default " + GuardrailsSpec.DEFAULT_INTERVAL + ").")
    String interval;

    @Option(names = "--failure-limit", paramLabel = "N",
            description = "Failures of one guardrail tolerated before rolling back (default " + GuardrailsSpec.DEFAULT_FAILURE_LIMIT + ").")
    Integer failureLimit;

    @Option(names = "--inconclusive-limit", paramLabel = "N",
            description = "Inconclusive results tolerated (default " + GuardrailsSpec.DEFAULT_INCONCLUSIVE_LIMIT + ").")
    Integer inconclusiveLimit;

    @Option(names = "--on-inconclusive", paramLabel = "ACTION", description = "rollback or pause (default pause).")
    String onInconclusive;

    /** The manifest's guardrails with the flags applied; null when there are none at all. */
    GuardrailsSpec apply(GuardrailsSpec base) {
        List<GuardrailMetric> metrics = new ArrayList<>(base == null ? List.of() : base.metricsOrEmpty());
        if (guardrails != null) {
            for (String g : guardrails) {
                GuardrailMetric parsed = parse(g);
                metrics.removeIf(existing -> existing.name().equals(parsed.name()));
                metrics.add(parsed);
            }
        }
        GuardrailsSpec g = new GuardrailsSpec(flagOr(interval, base, GuardrailsSpec::interval),
                flagOr(failureLimit, base, GuardrailsSpec::failureLimit),
                flagOr(inconclusiveLimit, base, GuardrailsSpec::inconclusiveLimit),
                flagOr(onInconclusive(), base, GuardrailsSpec::onInconclusive), metrics.isEmpty() ? null : metrics);
        return g.equals(new GuardrailsSpec(null, null, null, null, null)) ? null : g;
    }

    private GuardrailsSpec.OnInconclusive onInconclusive() {
        if (onInconclusive == null) {
            return null;
        }
        return switch (onInconclusive) {
            case "rollback" -> GuardrailsSpec.OnInconclusive.ROLLBACK;
            case "pause" -> GuardrailsSpec.OnInconclusive.PAUSE;
            default -> throw new CliException(ExitCodes.USAGE, "--on-inconclusive must be rollback or pause");
        };
    }

    /** {@code NAME=SOURCE<=MAX} or {@code NAME=SOURCE>=MIN}; SOURCE is a preset or {@code drift:FEATURE:STATISTIC}. */
    static GuardrailMetric parse(String text) {
        Matcher m = GUARDRAIL.matcher(text.trim());
        if (!m.matches()) {
            throw new CliException(ExitCodes.USAGE, "--guardrail '" + text + "' is not NAME=SOURCE<=MAX or NAME=SOURCE>=MIN");
        }
        double bound;
        try {
            bound = Double.parseDouble(m.group(4));
        } catch (NumberFormatException e) {
            throw new CliException(ExitCodes.USAGE, "--guardrail '" + text + "': '" + m.group(4) + "' is not a number");
        }
        Double max = m.group(3).equals("<=") ? bound : null;
        Double min = m.group(3).equals(">=") ? bound : null;
        String source = m.group(2);
        if (source.startsWith("drift:")) {
            String[] parts = source.split(":");
            if (parts.length != 3) {
                throw new CliException(ExitCodes.USAGE, "--guardrail '" + text + "': a drift source is drift:FEATURE:STATISTIC");
            }
            return new GuardrailMetric(m.group(1), null, null, new GuardrailsSpec.DriftGuardrail(parts[1], parts[2]), min, max);
        }
        return new GuardrailMetric(m.group(1), source, null, null, min, max);
    }
}
