package io.mlctl.drift.profile;

/**
 * How a profile holds its values. {@link #EXACT} keeps every value (results match SciPy to the last digits);
 * {@link #STREAMING} keeps mergeable DataSketches summaries of bounded size (KLL quantiles for numbers, frequent
 * items for categories), for windows and references of any size.
 */
public enum ProfileMode {
    EXACT, STREAMING
}
