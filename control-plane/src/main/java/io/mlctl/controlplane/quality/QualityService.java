package io.mlctl.controlplane.quality;

import io.mlctl.api.common.ProblemException;
import io.mlctl.api.quality.LabelValues;
import io.mlctl.api.quality.QualityReport;
import io.mlctl.api.quality.QualityWindow;
import io.mlctl.api.registry.QualitySettings;
import io.mlctl.controlplane.window.Granularity;
import io.mlctl.controlplane.schema.SchemaSource;
import io.mlctl.controlplane.db.Jdbc;
import io.mlctl.controlplane.window.Windowing;
import io.mlctl.quality.BinaryMetrics;
import io.mlctl.quality.Cbpe;
import io.mlctl.quality.CbpeEstimate;
import io.mlctl.quality.MulticlassAccumulator;
import io.mlctl.quality.MulticlassMetrics;
import io.mlctl.quality.RegressionAccumulator;
import io.mlctl.quality.RegressionMetrics;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A version's quality per window of prediction time, computed on read from the stored predictions
 * (prediction_pairing) and the labels joined to them (model_label). Computing on read keeps every window current
 * as late labels arrive, with nothing to invalidate, and the exact rank metrics (ROC AUC and its DeLong interval,
 * PR AUC) need every labelled score of the window anyway, so a cache of merged summaries could not serve them.
 */
@Singleton
public class QualityService {
    private final Jdbc jdbc;
    private final SchemaSource schemas;
    private final Windowing windowing;

    public QualityService(Jdbc jdbc, SchemaSource schemas, Windowing windowing) {
        this.jdbc = jdbc;
        this.schemas = schemas;
        this.windowing = windowing;
    }

    /**
     * The newest {@code limit} windows holding predictions, newest first.
     *
     * @throws ProblemException 404 unknown model or version, 409 when its schema has no {@code quality} block
     */
    public QualityReport report(String model, int version, int limit) {
        QualitySettings settings = settings(model, version);
        TreeMap<Long, WindowData> windows = read(model, version, settings);
        List<QualityWindow> items = new ArrayList<>();
        for (WindowData w : windows.descendingMap().values()) {
            if (items.size() >= limit) {
                break;
            }
            items.add(w.result(settings));
        }
        return new QualityReport(model, version, settings.task(), items);
    }

    /** The newest window that has labels, if any (the gauges). */
    public QualityWindow newestLabelled(String model, int version) {
        QualitySettings settings = settings(model, version);
        TreeMap<Long, WindowData> windows = read(model, version, settings);
        for (WindowData w : windows.descendingMap().values()) {
            if (w.labeled > 0) {
                return w.result(settings);
            }
        }
        return null;
    }

    private QualitySettings settings(String model, int version) {
        QualitySettings settings = schemas.schemaOf(model, version).schema().quality();
        if (settings == null) {
            throw ProblemException.conflict("the feature schema of model " + model + " version " + version
                    + " declares no quality task; add quality: {task: binary|multiclass|regression} to the schema "
                    + "and register a version with it");
        }
        return settings;
    }

    private TreeMap<Long, WindowData> read(String model, int version, QualitySettings settings) {
        return jdbc.read(c -> {
            TreeMap<Long, WindowData> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT p.sample_ts, p.prediction_num, p.prediction_cat, "
                    + "l.label_num, l.label_cat FROM prediction_pairing p LEFT JOIN model_label l "
                    + "ON l.model = p.model AND l.version = p.version AND l.request_key = p.request_key "
                    + "WHERE p.model = ? AND p.version = ?")) {
                ps.setString(1, model);
                ps.setInt(2, version);
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long start = windowing.windowStart(rs.getTimestamp(1).toInstant());
                        WindowData w = out.computeIfAbsent(start, s -> new WindowData(s, settings));
                        double pn = rs.getDouble(2);
                        Double predNum = rs.wasNull() ? null : pn;
                        String predCat = rs.getString(3);
                        double ln = rs.getDouble(4);
                        Double labelNum = rs.wasNull() ? null : ln;
                        String labelCat = rs.getString(5);
                        w.add(predNum, predCat, labelNum, labelCat);
                    }
                }
            }
            return out;
        });
    }

    /** One window's rows as the task needs them. */
    private final class WindowData {
        final long start;
        final QualitySettings settings;
        long predictions;
        long labeled;
        // binary: every score (CBPE) and the labelled ones with their labels
        double[] allScores = new double[64];
        int allN;
        double[] scores = new double[64];
        boolean[] positives = new boolean[64];
        int n;
        MulticlassAccumulator multiclass;
        RegressionAccumulator regression;

        WindowData(long start, QualitySettings settings) {
            this.start = start;
            this.settings = settings;
            if (QualitySettings.MULTICLASS.equals(settings.task())) {
                multiclass = new MulticlassAccumulator();
            } else if (QualitySettings.REGRESSION.equals(settings.task())) {
                regression = new RegressionAccumulator();
            }
        }

        void add(Double predNum, String predCat, Double labelNum, String labelCat) {
            predictions++;
            boolean hasLabel = labelCat != null;
            switch (settings.task()) {
                case QualitySettings.BINARY -> {
                    // a score outside [0, 1] is not a probability: it has no place in these metrics
                    if (predNum == null || !(predNum >= 0 && predNum <= 1)) {
                        return;
                    }
                    if (allN == allScores.length) {
                        allScores = Arrays.copyOf(allScores, allN * 2);
                    }
                    allScores[allN++] = predNum;
                    if (hasLabel) {
                        if (n == scores.length) {
                            scores = Arrays.copyOf(scores, n * 2);
                            positives = Arrays.copyOf(positives, n * 2);
                        }
                        scores[n] = predNum;
                        positives[n] = labelCat.equals(settings.effectivePositive());
                        n++;
                        labeled++;
                    }
                }
                case QualitySettings.MULTICLASS -> {
                    if (hasLabel) {
                        String predicted = predCat != null ? predCat
                                : predNum != null ? LabelValues.number(predNum) : null;
                        if (predicted != null) {
                            multiclass.add(predicted, labelCat);
                            labeled++;
                        }
                    }
                }
                default -> {
                    if (hasLabel && predNum != null && labelNum != null) {
                        regression.add(predNum, labelNum);
                        labeled++;
                    }
                }
            }
        }

        QualityWindow result(QualitySettings settings) {
            Instant s = Instant.ofEpochMilli(start);
            Map<String, Object> metrics = null;
            Map<String, Object> estimated = null;
            switch (settings.task()) {
                case QualitySettings.BINARY -> {
                    double threshold = settings.effectiveThreshold();
                    if (n > 0) {
                        metrics = binary(BinaryMetrics.of(scores, positives, n, threshold));
                    }
                    if (allN > 0) {
                        estimated = estimate(Cbpe.estimate(allScores, allN, threshold));
                    }
                }
                case QualitySettings.MULTICLASS -> {
                    if (labeled > 0) {
                        MulticlassMetrics m = multiclass.metrics();
                        metrics = new LinkedHashMap<>();
                        metrics.put("accuracy", value(m.accuracy()));
                        metrics.put("macro_f1", value(m.macroF1()));
                    }
                }
                default -> {
                    if (labeled > 0) {
                        RegressionMetrics m = regression.metrics();
                        metrics = new LinkedHashMap<>();
                        metrics.put("mae", value(m.mae()));
                        metrics.put("rmse", value(m.rmse()));
                        metrics.put("mape", value(m.mape()));
                        metrics.put("r2", value(m.r2()));
                    }
                }
            }
            double coverage = predictions == 0 ? 0 : (double) labeled / predictions;
            return new QualityWindow(s, windowing.end(Granularity.WINDOW, s), predictions, labeled, coverage,
                    metrics, estimated);
        }
    }

    static Map<String, Object> binary(BinaryMetrics m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accuracy", value(m.accuracy()));
        out.put("precision", value(m.precision()));
        out.put("recall", value(m.recall()));
        out.put("f1", value(m.f1()));
        out.put("roc_auc", value(m.rocAuc().auc()));
        out.put("roc_auc_ci95", Double.isNaN(m.rocAuc().lower()) ? null
                : List.of(m.rocAuc().lower(), m.rocAuc().upper()));
        out.put("pr_auc", value(m.prAuc()));
        out.put("log_loss", value(m.logLoss()));
        out.put("brier", value(m.brier()));
        out.put("ece", value(m.ece()));
        return out;
    }

    static Map<String, Object> estimate(CbpeEstimate e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accuracy", value(e.accuracy()));
        out.put("precision", value(e.precision()));
        out.put("recall", value(e.recall()));
        out.put("f1", value(e.f1()));
        out.put("roc_auc", value(e.rocAuc()));
        return out;
    }

    /** NaN (undefined on this data) is null in JSON. */
    private static Double value(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
