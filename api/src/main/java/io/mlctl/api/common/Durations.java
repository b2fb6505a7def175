package io.mlctl.api.common;

import java.time.Duration;
import java.util.regex.Matcher;

/**
 * Durations as rollouts write them ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h30m}, {@code 14d}), the Go /
 * Argo Rollouts form, mapped onto {@link Duration}. Shared by rollouts (their CRD), the control plane's options and
 * the CLI, so one text means one duration everywhere.
 */
public final class Durations {
    /** The whole-text pattern (also the CRD schema's {@code pattern}, through {@code rollout-api}'s Patterns). */
    public static final String PATTERN = "^([0-9]+(ms|s|m|h|d))+$";
    private static final java.util.regex.Pattern WHOLE = java.util.regex.Pattern.compile(PATTERN);
    private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("([0-9]+)(ms|s|m|h|d)");

    private Durations() {
    }

    /** Parses a duration; throws {@link IllegalArgumentException} with a readable reason otherwise. */
    public static Duration parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 30s, 10m, 1h30m or 14d");
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(text);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        return total;
    }

    public static boolean isValid(String text) {
        return text != null && WHOLE.matcher(text).matches();
    }

    /** Formats a duration back in the same style, largest units first ({@code 1h30m}, {@code 45s}, {@code 0s}). */
    public static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        StringBuilder sb = new StringBuilder();
        long days = d.toDays();
        if (days > 0) {
            sb.append(days).append('d');
        }
        if (d.toHoursPart() > 0) {
            sb.append(d.toHoursPart()).append('h');
        }
        if (d.toMinutesPart() > 0) {
            sb.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0 || sb.length() == 0) {
            sb.append(d.toSecondsPart()).append('s');
        }
        return sb.toString();
    }
}
