package io.mlctl.experiment;

/** A closed interval [lower, upper]: a confidence interval or one point in time of a confidence sequence. */
public record Interval(double lower, double upper) {

    public static Interval around(double estimate, double halfWidth) {
        return new Interval(estimate - halfWidth, estimate + halfWidth);
    }

    public boolean contains(double x) {
        return x >= lower && x <= upper;
    }

    /** Entirely above {@code x}. */
    public boolean above(double x) {
        return lower > x;
    }

    /** Entirely below {@code x}. */
    public boolean below(double x) {
        return upper < x;
    }

    public double halfWidth() {
        return (upper - lower) / 2;
    }
}
