package io.mlctl.operator.guardrail;

/** A raw reading from a guardrail's source, before it is held against the bounds. */
public sealed interface Reading {
    /**
     * @param evidence what the value was read from when that is a fixed piece of evidence which later readings may
     *                 return again unchanged (a drift report: {@code "drift report 40"}); null for a fresh measurement
     *                 such as a Prometheus query
     */
    record Value(double value, String evidence) implements Reading {
        public Value(double value) {
            this(value, null);
        }
    }

    /** No usable value; {@code reason} says why in words (no data, NaN, unreachable...). */
    record Missing(String reason) implements Reading {
    }
}
