package io.mlctl.controlplane.quality;

import io.mlctl.api.common.ProblemException;
import io.mlctl.api.quality.LabelValues;
import io.mlctl.api.quality.QualityComparison;
import io.mlctl.api.quality.QualityReport;
import io.mlctl.api.quality.QualityWindow;
import io.mlctl.api.registry.QualitySettings;
import io.mlctl.controlplane.window.Granularity;
import io.mlctl.controlplane.schema.SchemaSource;
import io.mlctl.controlplane.db.Jdbc;
import io.mlctl.controlplane.window.Windowing;
import io.mlctl.quality.BinaryMetrics;
import io.mlctl.quality.CalibrationBins;
import io.mlctl.quality.Cbpe;
import io.mlctl.quality.CbpeEstimate;
import io.mlctl.quality.MulticlassAccumulator;
import io.mlctl.quality.MulticlassMetrics;
import io.mlctl.quality.RankedScores;
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
 * (prediction_pairing) and the labels stored on their rows. Computing on read keeps every window current
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

    /**
     * The report of {@link #report} plus, for a binary task, the charts' data of the newest window with labels: its
     * ROC curve (at most {@code rocPoints} points) and reliability table. One read of the rows for both.
     */
    public QualityPageData page(String model, int version, int limit, int rocPoints) {
        QualitySettings settings = settings(model, version);
        TreeMap<Long, WindowData> windows = read(model, version, settings);
        List<QualityWindow> items = new ArrayList<>();
        WindowData charted = null;
        for (WindowData w : windows.descendingMap().values()) {
            if (items.size() < limit) {
                items.add(w.result(settings));
            }
            if (charted == null && w.n > 0) {
                charted = w;
            }
        }
        QualityReport report = new QualityReport(model, version, settings.task(), items);
        if (charted == null) {
            return new QualityPageData(report, null, List.of(), List.of(), Double.NaN);
        }
        RankedScores ranked = RankedScores.of(charted.scores, charted.positives, charted.n);
        CalibrationBins bins = new CalibrationBins();
        for (int i = 0; i < charted.n; i++) {
            bins.add(charted.scores[i], charted.positives[i]);
        }
        return new QualityPageData(report, charted.result(settings), ranked.rocCurve(rocPoints), bins.table(),
                bins.ece());
    }

    /**
     * Both versions' realized quality on the labelled requests both logged (shadow rollouts): one pass over the
     * baseline's predictions joined to the candidate's under the same request id, each with its label.
     *
     * @throws ProblemException 404 unknown version, 409 no quality task or different tasks
     */
    public QualityComparison compare(String model, int baseline, int candidate) {
        QualitySettings b = settings(model, baseline);
        QualitySettings c = settings(model, candidate);
        if (!b.task().equals(c.task())) {
            throw ProblemException.conflict("versions " + baseline + " and " + candidate + " of model " + model
                    + " declare different quality tasks (" + b.task() + ", " + c.task() + "): nothing to compare");
        }
        WindowData base = new WindowData(0, b);
        WindowData cand = new WindowData(0, c);
        jdbc.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT b.prediction_num, b.prediction_cat, "
                    + "c.prediction_num, c.prediction_cat, b.label_num, b.label_cat, c.label_num, c.label_cat "
                    + "FROM prediction_pairing b JOIN prediction_pairing c ON c.model = b.model AND c.version = ? "
                    + "AND c.request_key = b.request_key "
                    + "WHERE b.model = ? AND b.version = ? AND (b.label_cat IS NOT NULL OR c.label_cat IS NOT NULL)")) {
                ps.setInt(1, candidate);
                ps.setString(2, model);
                ps.setInt(3, baseline);
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Double bNum = number(rs, 1);
                        String bCat = rs.getString(2);
                        Double cNum = number(rs, 3);
                        String cCat = rs.getString(4);
                        Double lbNum = number(rs, 5);
                        String lbCat = rs.getString(6);
                        Double lcNum = number(rs, 7);
                        String lcCat = rs.getString(8);
                        // one truth per request: a version without its own label takes the other's
                        if (lbCat == null) {
                            lbNum = lcNum;
                            lbCat = lcCat;
                        } else if (lcCat == null) {
                            lcNum = lbNum;
                            lcCat = lbCat;
                        }
                        if (usable(b, bNum, bCat, lbNum) && usable(c, cNum, cCat, lcNum)) {
                            base.add(bNum, bCat, lbNum, lbCat);
                            cand.add(cNum, cCat, lcNum, lcCat);
                        }
                    }
                }
            }
            return null;
        });
        if (base.labeled == 0) {
            return new QualityComparison(model, baseline, candidate, b.task(), 0, null, null, null);
        }
        Map<String, Object> bm = base.result(b).metrics();
        Map<String, Object> cm = cand.result(c).metrics();
        Map<String, Double> diff = new LinkedHashMap<>();
        bm.forEach((name, v) -> {
            if (v instanceof Double bv && cm.get(name) instanceof Double cv) {
                diff.put(name, cv - bv);
            }
        });
        return new QualityComparison(model, baseline, candidate, b.task(), base.labeled, bm, cm, diff);
    }

    private static Double number(ResultSet rs, int column) throws java.sql.SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    /** Whether a version's prediction and label enter its task's metrics (both sides must, to compare like with like). */
    private static boolean usable(QualitySettings s, Double predNum, String predCat, Double labelNum) {
        return switch (s.task()) {
            case QualitySettings.BINARY -> predNum != null && predNum >= 0 && predNum <= 1;
            case QualitySettings.MULTICLASS -> predCat != null || predNum != null;
            default -> predNum != null && labelNum != null;
        };
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

    /**
     * Every window of the version: ONE range scan of its predictions by the request key index's (model, version)
     * prefix, each row with its label if it has one (labels live on their prediction's row, V2_9), where it was two
     * scans (predictions, then labels) before. On H2 the scan looks each index entry's row up in the table's primary
     * map; past H2's page cache that lookup reads its page from the file again (docs/BENCHMARKS.md, "Labels").
     */
    private TreeMap<Long, WindowData> read(String model, int version, QualitySettings settings) {
        return jdbc.read(c -> {
            boolean h2 = c.getMetaData().getDatabaseProductName().equals("H2");
            if (h2) {
                lazy(c, true);
            }
            try {
                return scan(c, model, version, settings);
            } finally {
                if (h2) {
                    lazy(c, false);
                }
            }
        });
    }

    /**
     * H2 materializes a query's whole result before the first row is read, spilling it to a temporary file past a
     * few tens of thousands of rows: that copy was a large share of a 1,000,000-row read. Lazy execution streams the
     * rows instead; set for these scans only, on a pooled connection, and reset after.
     */
    private static void lazy(java.sql.Connection c, boolean on) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("SET LAZY_QUERY_EXECUTION " + (on ? "TRUE" : "FALSE"));
        }
    }

    private TreeMap<Long, WindowData> scan(java.sql.Connection c, String model, int version, QualitySettings settings)
            throws java.sql.SQLException {
        TreeMap<Long, WindowData> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT sample_ts, prediction_num, prediction_cat, label_num, "
                + "label_cat FROM prediction_pairing WHERE model = ? AND version = ?")) {
            ps.setString(1, model);
            ps.setInt(2, version);
            ps.setFetchSize(10_000);
            boolean binary = QualitySettings.BINARY.equals(settings.task());
            WindowData last = null;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long start = windowing.windowStart(rs.getTimestamp(1).toInstant());
                    WindowData w = last != null && last.start == start ? last
                            : out.computeIfAbsent(start, s -> new WindowData(s, settings));
                    last = w;
                    w.predictions++;
                    double pn = rs.getDouble(2);
                    Double predNum = rs.wasNull() ? null : pn;
                    if (binary && predNum != null) {
                        w.addScore(pn);
                    }
                    String labelCat = rs.getString(5);
                    if (labelCat != null) {
                        double ln = rs.getDouble(4);
                        Double labelNum = rs.wasNull() ? null : ln;
                        w.addLabelled(predNum, rs.getString(3), labelNum, labelCat);
                    }
                }
            }
        }
        return out;
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

        /** One prediction with a label, counted as a prediction too (the comparison of two versions). */
        void add(Double predNum, String predCat, Double labelNum, String labelCat) {
            predictions++;
            if (QualitySettings.BINARY.equals(settings.task()) && predNum != null) {
                addScore(predNum);
            }
            if (labelCat != null) {
                addLabelled(predNum, predCat, labelNum, labelCat);
            }
        }

        /** A binary window's score of one prediction, labelled or not (CBPE). */
        void addScore(double score) {
            // a score outside [0, 1] is not a probability: it has no place in these metrics
            if (!(score >= 0 && score <= 1)) {
                return;
            }
            if (allN == allScores.length) {
                allScores = Arrays.copyOf(allScores, allN * 2);
            }
            allScores[allN++] = score;
        }

        /** One label with the prediction it was joined to (the caller counts the prediction itself). */
        void addLabelled(Double predNum, String predCat, Double labelNum, String labelCat) {
            switch (settings.task()) {
                case QualitySettings.BINARY -> {
                    if (predNum == null || !(predNum >= 0 && predNum <= 1)) {
                        return;
                    }
                    if (n == scores.length) {
                        scores = Arrays.copyOf(scores, n * 2);
                        positives = Arrays.copyOf(positives, n * 2);
                    }
                    scores[n] = predNum;
                    positives[n] = labelCat.equals(settings.effectivePositive());
                    n++;
                    labeled++;
                }
                case QualitySettings.MULTICLASS -> {
                    String predicted = predCat != null ? predCat
                            : predNum != null ? LabelValues.number(predNum) : null;
                    if (predicted != null) {
                        multiclass.add(predicted, labelCat);
                        labeled++;
                    }
                }
                default -> {
                    if (predNum != null && labelNum != null) {
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
