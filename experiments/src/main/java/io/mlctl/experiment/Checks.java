package io.mlctl.experiment;

/** Argument checks shared by the designs and tests; each failure says which parameter and what range is allowed. */
final class Checks {
    private Checks() {
    }

    /** A rate, alpha or power: strictly between 0 and 1. */
    static double openUnit(String name, double v) {
        if (!(v > 0 && v < 1)) {
            throw new ExperimentInputException(name + " must be between 0 and 1 (exclusive), got " + format(v));
        }
        return v;
    }

    /** The plan's error rates and allocation ratio, checked alike by every design. */
    static void plan(double alpha, double power, double ratio) {
        openUnit("alpha", alpha);
        openUnit("power", power);
        positive("allocation ratio", ratio);
    }

    /** The treatment rate p2 a baseline and an MDE imply must still be a rate. */
    static void treatmentRate(double baseline, String mde, double p2) {
        if (!(p2 > 0 && p2 < 1)) {
            throw new ExperimentInputException("baseline " + format(baseline) + " with " + mde + " gives a treatment rate of "
                    + format(p2) + ", outside (0,1); use a smaller MDE");
        }
    }

    static double positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new ExperimentInputException(name + " must be a positive number, got " + format(v));
        }
        return v;
    }

    static double nonZeroFinite(String name, double v) {
        if (v == 0 || !Double.isFinite(v)) {
            throw new ExperimentInputException(name + " must be a non-zero number, got " + format(v));
        }
        return v;
    }

    static long atLeast(String name, long v, long min) {
        if (v < min) {
            throw new ExperimentInputException(name + " must be at least " + min + ", got " + v);
        }
        return v;
    }

    static double finite(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new ExperimentInputException(name + " must be a finite number, got " + format(v));
        }
        return v;
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
