package io.mlctl.cli.drift;

import io.mlctl.api.drift.DriftResult;
import io.mlctl.drift.evaluation.DatasetDrift;
import io.mlctl.drift.evaluation.FeatureDrift;
import io.mlctl.drift.evaluation.Verdict;
import io.mlctl.drift.profile.FeatureType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The drift detector's results in the shared API shape, and as a table for people. */
final class DriftResults {
    private DriftResults() {
    }

    static DriftResult toApi(DatasetDrift drift) {
        return io.mlctl.schemadrift.DriftResults.result(drift);
    }

    static String[] header() {
        return new String[]{"FEATURE", "TYPE", "PSI", "KL", "JS", "KS_D", "P_VALUE", "W1", "W1/SD", "HELLINGER",
            "CRAMERS_V", "NULL_REF", "NULL_CUR", "VERDICT"};
    }

    static List<String[]> rows(DatasetDrift drift) {
        List<String[]> rows = new ArrayList<>();
        for (FeatureDrift f : drift.features()) {
            boolean numeric = f.type() == FeatureType.NUMERIC;
            rows.add(new String[]{f.name(), f.type().wireName(), number(f.psi()), number(f.kl()),
                    number(f.jsDistance()), numeric ? number(f.ksStatistic()) : "",
                    pValue(numeric ? f.ksPValue() : f.chi2PValue()) + (numeric ? "" : " (χ²)"),
                    numeric ? number(f.wasserstein()) : "", numeric ? number(f.wassersteinNormed()) : "",
                    number(f.hellinger()), numeric ? "" : number(f.cramersV()), percent(f.nullRateReference()), percent(f.nullRateCurrent()), f.verdict().wireName()});
        }
        return rows;
    }

    /** "3 of 10 features drifted (drift share 0.30 < 0.50): no dataset drift". */
    static String summary(DatasetDrift drift) {
        long evaluated = drift.features().size() - drift.count(Verdict.NO_DATA);
        return String.format(Locale.ROOT, "%d of %d features drifted (drift share %.2f %s %.2f): %s",
                drift.count(Verdict.DRIFT), evaluated, drift.driftShare(), drift.datasetDrift() ? ">=" : "<",
                drift.datasetDriftShareThreshold(), drift.datasetDrift() ? "DATASET DRIFT" : "no dataset drift");
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String pValue(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return v != 0 && v < 1e-3 ? String.format(Locale.ROOT, "%.2e", v) : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }
}
