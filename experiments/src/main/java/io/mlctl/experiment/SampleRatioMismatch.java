package io.mlctl.experiment;

import org.apache.commons.math3.stat.inference.ChiSquareTest;

import java.util.Arrays;

/**
 * Sample-ratio mismatch: Pearson's chi-square goodness of fit of the units observed per arm against the planned split,
 * df = arms - 1. A mismatch (p < 0.001) means assignment or logging is broken and the results are not trustworthy.
 */
public final class SampleRatioMismatch {
    /** docs/DESIGN.md "Experiments": mismatch when p < 0.001; strict so that ordinary noise almost never stops an experiment. */
    public static final double THRESHOLD = 0.001;

    private SampleRatioMismatch() {
    }

    /** The check's outcome; {@code mismatch} is {@code pValue < 0.001}. */
    public record Result(double chiSquare, double pValue, boolean mismatch) {
    }

    /**
     * @param observed units per arm
     * @param weights  planned split per arm, any positive scale (50/50, 9/1, 0.9/0.1)
     */
    public static Result test(long[] observed, double[] weights) {
        if (observed.length != weights.length) {
            throw new ExperimentInputException("observed counts (" + observed.length + ") and planned weights ("
                    + weights.length + ") differ in length");
        }
        if (observed.length < 2) {
            throw new ExperimentInputException("a sample-ratio check needs at least 2 arms");
        }
        for (double w : weights) {
            Checks.positive("split weight", w);
        }
        for (long o : observed) {
            Checks.atLeast("observed units", o, 0);
        }
        long total = Arrays.stream(observed).sum();
        if (total == 0) {
            return new Result(0, 1, false);
        }
        double weightSum = Arrays.stream(weights).sum();
        double[] expected = Arrays.stream(weights).map(w -> total * w / weightSum).toArray();
        ChiSquareTest test = new ChiSquareTest();
        double chi2 = test.chiSquare(expected, observed);
        double p = test.chiSquareTest(expected, observed);
        return new Result(chi2, p, p < THRESHOLD);
    }
}
