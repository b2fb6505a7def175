package io.mlctl.api.quality;

/**
 * One text form for label and class values, so a label sent as {@code 1}, {@code 1.0} or {@code "1"} matches a
 * schema's {@code positive: 1} and a predicted class {@code 1}: integral numbers without a fraction, other numbers
 * as Java prints them, booleans and strings as they are.
 */
public final class LabelValues {
    private LabelValues() {
    }

    public static String number(double v) {
        if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
