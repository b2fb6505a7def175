package io.mlctl.schemadrift;

import io.mlctl.api.drift.DriftResult;
import io.mlctl.api.drift.FeatureDriftResult;
import io.mlctl.drift.evaluation.DatasetDrift;
import io.mlctl.drift.evaluation.FeatureDrift;

import java.util.ArrayList;
import java.util.List;

/**
 * The drift detector's result in the API's shape: the feature rows of a stored drift report and of
 * {@code mlctl drift compare --output json} are this one conversion, so the two never disagree on a member.
 */
public final class DriftResults {
    private DriftResults() {
    }

    /** One {@link FeatureDriftResult} per feature, in the detector's order. */
    public static List<FeatureDriftResult> rows(DatasetDrift drift) {
        List<FeatureDriftResult> rows = new ArrayList<>();
        for (FeatureDrift f : drift.features()) {
            rows.add(FeatureDriftResult.of(f.name(), f.type().wireName(), f.psi(), f.kl(), f.jsDistance(),
                    f.ksStatistic(), f.ksPValue(), f.chi2PValue(), f.wasserstein(), f.wassersteinNormed(), f.hellinger(),
                    f.cramersV(), f.nullRateReference(), f.nullRateCurrent(),
                    f.verdict().wireName()));
        }
        return rows;
    }

    /** The whole result: the rows, the share of drifted features and the dataset verdict. */
    public static DriftResult result(DatasetDrift drift) {
        return new DriftResult(rows(drift), drift.driftShare(), drift.datasetDrift());
    }
}
