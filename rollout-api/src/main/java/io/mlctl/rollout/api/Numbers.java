package io.mlctl.rollout.api;

import java.math.BigDecimal;
import java.math.MathContext;

/** Guardrail values and bounds in words: four significant digits, no trailing zeros (250, 0.02, 0.004975). */
public final class Numbers {
    private static final MathContext FOUR_DIGITS = new MathContext(4);

    private Numbers() {
    }

    public static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).round(FOUR_DIGITS).stripTrailingZeros().toPlainString();
    }
}
