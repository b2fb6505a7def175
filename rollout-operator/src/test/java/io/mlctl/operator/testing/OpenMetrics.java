package io.mlctl.operator.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;

/**
 * Test series in the OpenMetrics text format that {@code promtool tsdb create-blocks-from openmetrics} reads.
 * Samples carry no TYPE line (Triton's counters lack the {@code _total} suffix OpenMetrics would demand);
 * PromQL's rate() and histogram_quantile() do not need types.
 */
public final class OpenMetrics {
    private final StringBuilder text = new StringBuilder();

    /**
     * One series sampled every {@code step} from {@code from} to {@code to} (inclusive); {@code value} maps seconds
     * since {@code from} to the sample value.
     */
    public OpenMetrics series(String name, Map<String, String> labels, Instant from, Instant to, Duration step,
                              DoubleUnaryOperator value) {
        String l = new TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(","));
        for (Instant t = from; !t.isAfter(to); t = t.plus(step)) {
            double seconds = Duration.between(from, t).toMillis() / 1000.0;
            text.append(name).append('{').append(l).append("} ")
                    .append(String.format(Locale.ROOT, "%s", format(value.applyAsDouble(seconds))))
                    .append(' ').append(t.getEpochSecond()).append('\n');
        }
        return this;
    }

    private static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    public String text() {
        return text + "# EOF\n";
    }
}
