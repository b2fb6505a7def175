package io.mlctl.controlplane.experiment.report;

import io.mlctl.api.experiment.MetricType;
import io.mlctl.experiment.Interval;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Numbers as people read them in a report's sentences: +4.2%, p = 0.013, 1200/3841. */
public final class Words {
    private Words() {
    }

    public static String percent(double v) {
        if (!Double.isFinite(v)) {
            return v > 0 ? "+inf" : v < 0 ? "-inf" : "n/a";
        }
        return String.format(Locale.ROOT, "%+.1f%%", v * 100);
    }

    /** An axis label: +10%, -2.5%, 0%. */
    public static String tick(double v) {
        if (Math.abs(v) < 1e-12) {
            return "0%";
        }
        return (v > 0 ? "+" : "") + new BigDecimal(v * 100).round(new MathContext(3)).stripTrailingZeros().toPlainString() + "%";
    }

    /** A relative-lift interval in percent. */
    public static String liftInterval(Interval i) {
        return i == null ? "n/a" : percent(i.lower()) + " to " + percent(i.upper());
    }

    /** A difference interval in the metric's unit. */
    public static String differenceInterval(Interval i, MetricType type) {
        return i == null ? "n/a" : difference(i.lower(), type) + " to " + difference(i.upper(), type);
    }

    public static String p(double p) {
        if (p == 0) {
            return "< 1e-16";
        }
        if (p < 1e-4) {
            return String.format(Locale.ROOT, "%.1e", p);
        }
        return String.format(Locale.ROOT, "%.2g", p);
    }

    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** A difference in the metric's unit: percentage points for rates. */
    public static String difference(double d, MetricType type) {
        return type == MetricType.proportion
                ? String.format(Locale.ROOT, "%+.2f pp", d * 100)
                : (d >= 0 ? "+" : "") + number(d);
    }

    public static String level(double v, MetricType type) {
        return type == MetricType.proportion ? String.format(Locale.ROOT, "%.2f%%", v * 100) : number(v);
    }

    /** "95%" for alpha 0.05, "99.5%" for 0.005. */
    public static String confidence(double alpha) {
        return new BigDecimal(String.valueOf(1 - alpha)).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    /** "control 1200/3841, treatment 1187/3841". */
    public static String progress(Map<String, Long> observed, Map<String, Long> required) {
        StringJoiner j = new StringJoiner(", ");
        observed.forEach((arm, n) -> j.add(arm + " " + n + (required.containsKey(arm) ? "/" + required.get(arm) : "")));
        return j.toString();
    }
}
