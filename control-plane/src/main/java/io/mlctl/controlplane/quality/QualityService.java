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
import io.mlctl.controlplane.ingest.KeyHashTable;
import io.mlctl.controlplane.ingest.LabelSegment;
import io.mlctl.controlplane.ingest.PredictionSegment;
import io.mlctl.controlplane.ingest.SegmentStore;
import io.mlctl.controlplane.ingest.PairingRetention;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A version's quality per window of prediction time, computed on read from the stored predictions
 * (prediction_pairing) and the label segments joined to them (label_segment). Computing on read keeps every window current
 * as late labels arrive, with nothing to invalidate, and the exact rank metrics (ROC AUC and its DeLong interval,
 * PR AUC) need every labelled score of the window anyway, so a cache of merged summaries could not serve them.
 */
@Singleton
public class QualityService {
    /** Scores from which a window's estimate is computed beside its metrics rather than after them. */
    private static final int PARALLEL_FROM = 50_000;

    private final Jdbc jdbc;
    private final SchemaSource schemas;
    private final Windowing windowing;
    private final PairingRetention retention;
    private final Clock clock = Clock.systemUTC();

    public QualityService(Jdbc jdbc, SchemaSource schemas, Windowing windowing, PairingRetention retention) {
        this.jdbc = jdbc;
        this.schemas = schemas;
        this.windowing = windowing;
        this.retention = retention;
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
            Map<String, Label> baseLabels = labels(conn, model, baseline);
            Map<String, Label> candLabels = labels(conn, model, candidate);
            try (PreparedStatement ps = conn.prepareStatement("SELECT b.request_key, b.prediction_num, "
                    + "b.prediction_cat, c.prediction_num, c.prediction_cat "
                    + "FROM prediction_pairing b JOIN prediction_pairing c ON c.model = b.model AND c.version = ? "
                    + "AND c.request_key = b.request_key WHERE b.model = ? AND b.version = ?")) {
                ps.setInt(1, candidate);
                ps.setString(2, model);
                ps.setInt(3, baseline);
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String key = rs.getString(1);
                        Label lb = baseLabels.get(key);
                        Label lc = candLabels.get(key);
                        if (lb == null && lc == null) {
                            continue;
                        }
                        // one truth per request: a version without its own label takes the other's
                        if (lb == null) {
                            lb = lc;
                        } else if (lc == null) {
                            lc = lb;
                        }
                        Double bNum = number(rs, 2);
                        String bCat = rs.getString(3);
                        Double cNum = number(rs, 4);
                        String cCat = rs.getString(5);
                        if (usable(b, bNum, bCat, lb.number()) && usable(c, cNum, cCat, lc.number())) {
                            base.add(bNum, bCat, lb.number(), lb.text());
                            cand.add(cNum, cCat, lc.number(), lc.text());
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

    /** A request's current label. */
    private record Label(Double number, String text) {
    }

    /** The version's current labels by request key (the newest batch's label of each request). */
    private static Map<String, Label> labels(java.sql.Connection c, String model, int version)
            throws java.sql.SQLException {
        Map<String, Label> out = new HashMap<>();
        SegmentStore.LABELS.newestFirst(c, model, version, (batchId, body) -> {
            LabelSegment.Cursor k = new LabelSegment.Cursor(body);
            while (k.next()) {
                out.putIfAbsent(k.requestKey(), new Label(k.labelNumber(), k.labelText()));
            }
        });
        return out;
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
     * Every window of the version from its segments (V2_10): the prediction segments (counts, and the scores CBPE
     * estimates from), then the label segments, each label carrying its prediction's sample time and value. A few
     * blobs per million predictions instead of a million rows: on H2 the row scan looked each index entry's row up in
     * the table's primary map, about 1 s per million (docs/BENCHMARKS.md, "Labels").
     */
    private TreeMap<Long, WindowData> read(String model, int version, QualitySettings settings) {
        return jdbc.read(c -> scan(c, model, version, settings));
    }

    private TreeMap<Long, WindowData> scan(java.sql.Connection c, String model, int version, QualitySettings settings)
            throws java.sql.SQLException {
        TreeMap<Long, WindowData> out = new TreeMap<>();
        // the predictions (and so the labels) retention keeps; older ones may still wait for the next prune
        long oldestMs = retention.oldestKept(clock.instant()).toEpochMilli();
        boolean binary = QualitySettings.BINARY.equals(settings.task());
        SegmentStore.PREDICTIONS.newestFirst(c, model, version, (batchId, body) -> {
            PredictionSegment.Cursor p = new PredictionSegment.Cursor(body);
            WindowData last = null;
            while (p.next()) {
                if (p.sampleTs() < oldestMs) {
                    continue;
                }
                long start = windowing.windowStart(p.sampleTs());
                WindowData w = last != null && last.start == start ? last
                        : out.computeIfAbsent(start, s -> new WindowData(s, settings));
                last = w;
                w.predictions++;
                if (binary && !Double.isNaN(p.value())) {
                    w.addScore(p.value());
                }
            }
        });
        // the labels: the newest of each request (segments newest first), joined to its window by the sample time
        // the segment carries with the prediction. Only a request labelled more than once has older labels to skip:
        // its newer labels are marked as replacing, so only those requests are remembered.
        KeyHashTable relabelled = new KeyHashTable();
        byte[] positive = binary ? settings.effectivePositive().getBytes(StandardCharsets.UTF_8) : null;
        SegmentStore.LABELS.newestFirst(c, model, version, (batchId, body) -> {
            LabelSegment.Cursor k = new LabelSegment.Cursor(body);
            WindowData last = null;
            while (k.next()) {
                if (k.replaces() ? !relabelled.add(k.hashHigh(), k.hashLow())
                        : relabelled.size() > 0 && relabelled.contains(k.hashHigh(), k.hashLow())) {
                    continue; // a newer label of the same request was taken
                }
                if (k.sampleTs() < oldestMs) {
                    continue; // past retention: about to be pruned with its prediction
                }
                long start = windowing.windowStart(k.sampleTs());
                WindowData w = last != null && last.start == start ? last : out.get(start);
                if (w == null) {
                    continue; // its prediction was pruned
                }
                last = w;
                if (binary) {
                    w.addBinaryLabelled(k.predictionNumber(), k.labelIs(positive));
                } else {
                    w.addLabelled(k.predictionNumber(), k.predictionText(), k.labelNumber(), k.labelText());
                }
            }
        });
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
                case QualitySettings.BINARY -> addBinaryLabelled(predNum, labelCat.equals(settings.effectivePositive()));
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

        /** A binary task's label, positive or not, with its prediction's score. */
        void addBinaryLabelled(Double predNum, boolean positive) {
            if (predNum == null || !(predNum >= 0 && predNum <= 1)) {
                return;
            }
            if (n == scores.length) {
                scores = Arrays.copyOf(scores, n * 2);
                positives = Arrays.copyOf(positives, n * 2);
            }
            scores[n] = predNum;
            positives[n] = positive;
            n++;
            labeled++;
        }

        QualityWindow result(QualitySettings settings) {
            Instant s = Instant.ofEpochMilli(start);
            Map<String, Object> metrics = null;
            Map<String, Object> estimated = null;
            switch (settings.task()) {
                case QualitySettings.BINARY -> {
                    double threshold = settings.effectiveThreshold();
                    // the estimate sorts every score and the metrics every labelled one: on a large window both
                    // run at once (the common pool's thread and this one), which halves the read on two cores
                    CompletableFuture<CbpeEstimate> estimate = allN == 0 ? null : allN < PARALLEL_FROM
                            ? CompletableFuture.completedFuture(Cbpe.estimate(allScores, allN, threshold))
                            : CompletableFuture.supplyAsync(() -> Cbpe.estimate(allScores, allN, threshold));
                    if (n > 0) {
                        metrics = binary(BinaryMetrics.of(scores, positives, n, threshold));
                    }
                    if (estimate != null) {
                        estimated = estimate(estimate.join());
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
