package io.mlctl.drift.evaluation;

import java.util.List;

/**
 * The drift of a dataset: every feature's result, the share of drifted features among those that had data to
 * compare, and whether that share reached the dataset threshold.
 */
public record DatasetDrift(List<FeatureDrift> features, double driftShare, boolean datasetDrift,
                           double datasetDriftShareThreshold) {
    public DatasetDrift {
        features = List.copyOf(features);
    }

    /**
     * Judges the features of one comparison together and summarizes them: the p-values that decide (small samples)
     * are Benjamini–Hochberg adjusted across these features before each verdict is set again ({@link VerdictRule});
     * share = drifted / features with data (0 when none had data).
     */
    public static DatasetDrift of(List<FeatureDrift> measured, double shareThreshold) {
        List<FeatureDrift> features = VerdictRule.judgeAll(measured);
        long evaluated = features.stream().filter(f -> f.verdict() != Verdict.NO_DATA).count();
        long drifted = features.stream().filter(f -> f.verdict() == Verdict.DRIFT).count();
        double share = evaluated == 0 ? 0.0 : (double) drifted / evaluated;
        return new DatasetDrift(features, share, evaluated > 0 && share >= shareThreshold, shareThreshold);
    }

    public long count(Verdict v) {
        return features.stream().filter(f -> f.verdict() == v).count();
    }
}
