package io.mlctl.quality;

/** Argument checks shared by the binary statistics. */
final class Scores {
    private Scores() {
    }

    static void checkProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("score " + p + " is not a probability in [0, 1]");
        }
    }

    static void checkFinite(double s) {
        if (!Double.isFinite(s)) {
            throw new IllegalArgumentException("score " + s + " is not a finite number");
        }
    }

    static void checkThreshold(double threshold) {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold " + threshold + " is not a finite number");
        }
    }

    static void checkSameLength(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException(a + " scores but " + b + " labels");
        }
    }

    static void checkRows(int n, int length) {
        if (n < 0 || n > length) {
            throw new IllegalArgumentException(n + " rows asked of arrays of " + length);
        }
    }
}
