package io.mlctl.quality;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every case of the SciPy fixtures (quality/cases.json) to 1e-9 relative, including the DeLong interval. */
class FixtureMetricsTest {
    static final double REL = 1e-9;

    static List<QualityFixture> binary() {
        return QualityFixture.of("binary");
    }

    static List<QualityFixture> regression() {
        return QualityFixture.of("regression");
    }

    static List<QualityFixture> multiclass() {
        return QualityFixture.of("multiclass");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binary")
    void binaryCase(QualityFixture f) {
        double[] scores = f.numbers("scores");
        boolean[] labels = f.binaryLabels();
        BinaryMetrics m = BinaryMetrics.of(scores, labels, f.node().path("threshold").asDouble());
        assertBinary(f, m);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binary")
    void binaryCaseThroughMergedColumnsAndAccumulators(QualityFixture f) {
        double[] scores = f.numbers("scores");
        boolean[] labels = f.binaryLabels();
        double threshold = f.node().path("threshold").asDouble();
        // three shards, as windows filled by late labels and merged
        BinaryColumns[] shards = {new BinaryColumns(4), new BinaryColumns(), new BinaryColumns()};
        for (int i = 0; i < scores.length; i++) {
            shards[i % 3].add(scores[i], labels[i]);
        }
        shards[0].merge(shards[1]);
        shards[0].merge(shards[2]);
        assertBinary(f, shards[0].metrics(threshold));

        BinaryAccumulator a = new BinaryAccumulator(threshold);
        BinaryAccumulator b = new BinaryAccumulator(threshold);
        for (int i = 0; i < scores.length; i++) {
            (i < scores.length / 3 ? a : b).add(scores[i], labels[i]);
        }
        a.merge(b);
        close(f, "log_loss", a.logLoss());
        close(f, "brier", a.brier());
        close(f, "ece", a.ece());
        assertEquals(f.expected("tp"), a.confusion().tp(), f.name());
    }

    static void assertBinary(QualityFixture f, BinaryMetrics m) {
        assertEquals((long) f.expected("n"), m.n(), f.name());
        assertEquals((long) f.expected("positives"), m.positives(), f.name());
        assertEquals(f.expected("tp"), m.confusion().tp(), f.name() + " tp");
        assertEquals(f.expected("fp"), m.confusion().fp(), f.name() + " fp");
        assertEquals(f.expected("fn"), m.confusion().fn(), f.name() + " fn");
        assertEquals(f.expected("tn"), m.confusion().tn(), f.name() + " tn");
        close(f, "accuracy", m.accuracy());
        close(f, "precision", m.precision());
        close(f, "recall", m.recall());
        close(f, "f1", m.f1());
        close(f, "roc_auc", m.rocAuc().auc());
        close(f, "roc_auc_ci95[0]", f.expected().path("roc_auc_ci95").get(0).asDouble(), m.rocAuc().lower());
        close(f, "roc_auc_ci95[1]", f.expected().path("roc_auc_ci95").get(1).asDouble(), m.rocAuc().upper());
        close(f, "pr_auc", m.prAuc());
        close(f, "log_loss", m.logLoss());
        close(f, "brier", m.brier());
        close(f, "ece", m.ece());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regression")
    void regressionCase(QualityFixture f) {
        double[] y = f.numbers("labels");
        double[] yhat = f.numbers("predictions");
        RegressionMetrics m = RegressionAccumulator.of(yhat, y);
        assertEquals((long) f.expected("n"), m.n());
        close(f, "mae", m.mae());
        close(f, "rmse", m.rmse());
        close(f, "mape", m.mape());
        close(f, "r2", m.r2());

        RegressionAccumulator a = new RegressionAccumulator();
        RegressionAccumulator b = new RegressionAccumulator();
        for (int i = 0; i < y.length; i++) {
            (i % 5 == 0 ? a : b).add(yhat[i], y[i]);
        }
        a.merge(b);
        RegressionMetrics merged = a.metrics();
        close(f, "mae", merged.mae());
        close(f, "rmse", merged.rmse());
        close(f, "mape", merged.mape());
        close(f, "r2", merged.r2());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("multiclass")
    void multiclassCase(QualityFixture f) {
        String[] actual = f.strings("labels");
        String[] predicted = f.strings("predictions");
        MulticlassMetrics m = MulticlassAccumulator.of(predicted, actual);
        assertEquals((long) f.expected("n"), m.n());
        close(f, "accuracy", m.accuracy());
        close(f, "macro_f1", m.macroF1());
        List<String> classes = f.expected().path("classes").valueStream().map(c -> c.asText()).toList();
        assertEquals(classes, m.classes());

        MulticlassAccumulator a = new MulticlassAccumulator();
        MulticlassAccumulator b = new MulticlassAccumulator();
        for (int i = 0; i < actual.length; i++) {
            (i % 2 == 0 ? a : b).add(predicted[i], actual[i]);
        }
        a.merge(b);
        close(f, "macro_f1", a.metrics().macroF1());
    }

    static void close(QualityFixture f, String field, double actual) {
        close(f, field, f.expected(field), actual);
    }

    static void close(QualityFixture f, String field, double expected, double actual) {
        assertTrue(Math.abs(actual - expected) <= REL * Math.abs(expected),
                () -> f.name() + " " + field + ": expected " + expected + " but was " + actual
                        + " (relative error " + Math.abs(actual - expected) / Math.abs(expected) + ")");
    }
}
