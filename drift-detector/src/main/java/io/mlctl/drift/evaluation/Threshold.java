package io.mlctl.drift.evaluation;

/**
 * Where a statistic turns a feature to warn and to drift. For statistics where higher is worse the verdict applies
 * at value &ge; threshold; for p-values (chi-square) at p &lt; threshold. {@code warn} may be null (no warn level).
 */
public record Threshold(Double warn, double drift) {
    public Threshold {
        if (Double.isNaN(drift) || (warn != null && Double.isNaN(warn))) {
            throw new IllegalArgumentException("thresholds must be numbers");
        }
    }

    public static Threshold drift(double drift) {
        return new Threshold(null, drift);
    }

    /** The same threshold with a different drift level; a warn level that no longer comes first is dropped. */
    public Threshold withDrift(double newDrift, boolean lowerIsWorse) {
        Double w = warn;
        if (w != null && (lowerIsWorse ? w <= newDrift : w >= newDrift)) {
            w = null;
        }
        return new Threshold(w, newDrift);
    }

    Verdict judge(double value, boolean lowerIsWorse) {
        if (Double.isNaN(value)) {
            return Verdict.OK;
        }
        if (lowerIsWorse ? value < drift : value >= drift) {
            return Verdict.DRIFT;
        }
        if (warn != null && (lowerIsWorse ? value < warn : value >= warn)) {
            return Verdict.WARN;
        }
        return Verdict.OK;
    }
}
