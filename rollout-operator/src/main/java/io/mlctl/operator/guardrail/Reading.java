package io.mlctl.operator.guardrail;

/** A raw reading from a guardrail's source, before it is held against the bounds. */
public sealed interface Reading {
    record Value(double value) implements Reading {
    }

    /** No usable value; {@code reason} says why in words (no data, NaN, unreachable...). */
    record Missing(String reason) implements Reading {
    }
}
