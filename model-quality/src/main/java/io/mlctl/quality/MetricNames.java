package io.mlctl.quality;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metrics as name → value maps under the names the REST API, the CLI's JSON, the gauges' {@code metric} label
 * and the SciPy fixtures use (issue 16: {@code accuracy, precision, recall, f1, roc_auc, roc_auc_ci95, pr_auc,
 * log_loss, brier, ece}; {@code mae, rmse, mape, r2}; {@code accuracy, macro_f1}), so every caller names them
 * alike. Undefined (NaN) values are left out; {@code roc_auc_ci95} is a two-element list [lower, upper].
 */
public final class MetricNames {
    /**
     * Every single-number metric name of the three tasks (binary, multiclass, regression): what a retrain policy's or
     * a guardrail's quality condition may name. {@code roc_auc_ci95} is an interval, not a number, so it is not here.
     */
    public static final Set<String> SCALARS = Collections.unmodifiableSet(new LinkedHashSet<>(List.of("accuracy",
            "precision", "recall", "f1", "roc_auc", "pr_auc", "log_loss", "brier", "ece", "macro_f1", "mae", "rmse",
            "mape", "r2")));

    private MetricNames() {
    }

    public static Map<String, Object> of(BinaryMetrics m) {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "accuracy", m.accuracy());
        put(out, "precision", m.precision());
        put(out, "recall", m.recall());
        put(out, "f1", m.f1());
        put(out, "roc_auc", m.rocAuc().auc());
        if (!Double.isNaN(m.rocAuc().lower())) {
            out.put("roc_auc_ci95", List.of(m.rocAuc().lower(), m.rocAuc().upper()));
        }
        put(out, "pr_auc", m.prAuc());
        put(out, "log_loss", m.logLoss());
        put(out, "brier", m.brier());
        put(out, "ece", m.ece());
        return out;
    }

    /** CBPE estimates: {@code accuracy, precision, recall, f1, roc_auc}. */
    public static Map<String, Object> of(CbpeEstimate e) {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "accuracy", e.accuracy());
        put(out, "precision", e.precision());
        put(out, "recall", e.recall());
        put(out, "f1", e.f1());
        put(out, "roc_auc", e.rocAuc());
        return out;
    }

    public static Map<String, Object> of(RegressionMetrics m) {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "mae", m.mae());
        put(out, "rmse", m.rmse());
        put(out, "mape", m.mape());
        put(out, "r2", m.r2());
        return out;
    }

    public static Map<String, Object> of(MulticlassMetrics m) {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "accuracy", m.accuracy());
        put(out, "macro_f1", m.macroF1());
        return out;
    }

    private static void put(Map<String, Object> out, String name, double value) {
        if (!Double.isNaN(value)) {
            out.put(name, value);
        }
    }
}
