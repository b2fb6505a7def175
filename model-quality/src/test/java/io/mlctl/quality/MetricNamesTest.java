package io.mlctl.quality;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The names are the fixtures' names, and undefined values are left out. */
class MetricNamesTest {

    @Test
    void binaryNamesAreTheFixturesNames() {
        QualityFixture f = QualityFixture.of("binary").get(0);
        Map<String, Object> m = MetricNames.of(BinaryMetrics.of(f.numbers("scores"), f.binaryLabels(),
                f.node().path("threshold").asDouble()));
        assertEquals(List.of("accuracy", "precision", "recall", "f1", "roc_auc", "roc_auc_ci95", "pr_auc", "log_loss",
                "brier", "ece"), List.copyOf(m.keySet()));
        for (String name : m.keySet()) {
            assertFalse(f.expected().path(name).isMissingNode(), name + " is a fixture field");
        }
        FixtureMetricsTest.close(f, "roc_auc", (Double) m.get("roc_auc"));
    }

    @Test
    void regressionAndMulticlassNames() {
        QualityFixture r = QualityFixture.of("regression").get(0);
        Map<String, Object> rm = MetricNames.of(RegressionAccumulator.of(r.numbers("predictions"), r.numbers("labels")));
        assertEquals(List.of("mae", "rmse", "mape", "r2"), List.copyOf(rm.keySet()));
        rm.forEach((k, v) -> FixtureMetricsTest.close(r, k, (Double) v));

        QualityFixture c = QualityFixture.of("multiclass").get(0);
        Map<String, Object> cm = MetricNames.of(MulticlassAccumulator.of(c.strings("predictions"), c.strings("labels")));
        assertEquals(List.of("accuracy", "macro_f1"), List.copyOf(cm.keySet()));
        cm.forEach((k, v) -> FixtureMetricsTest.close(c, k, (Double) v));
    }

    @Test
    void undefinedValuesAreLeftOut() {
        Map<String, Object> m = MetricNames.of(BinaryMetrics.of(new double[] {0.2, 0.7}, new boolean[2], 0.5));
        assertEquals(List.of("accuracy", "precision", "recall", "f1", "log_loss", "brier", "ece"),
                List.copyOf(m.keySet()));
        assertEquals(Map.of("precision", 0.0, "recall", 0.0, "f1", 0.0),
                MetricNames.of(Cbpe.estimate(new double[0], 0.5)));
    }
}
