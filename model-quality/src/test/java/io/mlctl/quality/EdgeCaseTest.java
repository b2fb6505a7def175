package io.mlctl.quality;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Undefined values, boundaries and bad input, as documented in docs/QUALITY.md. */
class EdgeCaseTest {

    @Test
    void emptyInputIsNaNWhereUndefinedAndZeroForTheRatios() {
        BinaryMetrics m = BinaryMetrics.of(new double[0], new boolean[0], 0.5);
        assertEquals(0, m.n());
        assertTrue(Double.isNaN(m.accuracy()));
        assertEquals(0, m.precision());
        assertEquals(0, m.recall());
        assertEquals(0, m.f1());
        assertTrue(Double.isNaN(m.rocAuc().auc()));
        assertTrue(Double.isNaN(m.rocAuc().lower()));
        assertTrue(Double.isNaN(m.prAuc()));
        assertTrue(Double.isNaN(m.logLoss()));
        assertTrue(Double.isNaN(m.brier()));
        assertTrue(Double.isNaN(m.ece()));
        assertTrue(Double.isNaN(new BinaryColumns().metrics(0.5).rocAuc().auc()));

        RegressionMetrics r = new RegressionAccumulator().metrics();
        assertTrue(Double.isNaN(r.mae()) && Double.isNaN(r.r2()));
        MulticlassMetrics c = new MulticlassAccumulator().metrics();
        assertTrue(Double.isNaN(c.accuracy()) && Double.isNaN(c.macroF1()));
        assertEquals(List.of(), c.classes());
    }

    @Test
    void noPositivesLeavesAucAndAveragePrecisionUndefined() {
        BinaryMetrics m = BinaryMetrics.of(new double[] {0.1, 0.7, 0.4}, new boolean[3], 0.5);
        assertEquals(0, m.positives());
        assertTrue(Double.isNaN(m.rocAuc().auc()));
        assertTrue(Double.isNaN(m.prAuc()));
        assertEquals(0, m.recall(), "0/0 counts 0");
        assertEquals(0, m.precision(), "0 of 1 predicted positives");
        assertEquals(2.0 / 3, m.accuracy(), 1e-15);
        assertEquals(List.of(), RankedScores.of(new double[] {0.1}, new boolean[1]).rocCurve(10));

        BinaryMetrics noNegatives = BinaryMetrics.of(new double[] {0.1, 0.7}, new boolean[] {true, true}, 0.5);
        assertTrue(Double.isNaN(noNegatives.rocAuc().auc()));
        assertEquals(1, noNegatives.prAuc(), "every threshold has precision 1");
    }

    @Test
    void oneOfAClassGivesAucWithoutInterval() {
        RocAuc auc = RankedScores.of(new double[] {0.9, 0.2, 0.95, 0.1}, new boolean[] {true, false, false, false})
                .rocAuc();
        assertEquals(2.0 / 3, auc.auc(), 1e-15);
        assertTrue(Double.isNaN(auc.standardError()));
        assertTrue(Double.isNaN(auc.lower()) && Double.isNaN(auc.upper()));
    }

    @Test
    void perfectSeparationAndAllTies() {
        RocAuc perfect = RankedScores.of(new double[] {0.9, 0.8, 0.1, 0.2}, new boolean[] {true, true, false, false})
                .rocAuc();
        assertEquals(1, perfect.auc());
        assertEquals(0, perfect.standardError());
        assertEquals(1, perfect.lower());
        assertEquals(1, perfect.upper());

        RankedScores ties = RankedScores.of(new double[] {0.5, 0.5, 0.5, 0.5}, new boolean[] {true, false, true, false});
        assertEquals(0.5, ties.rocAuc().auc());
        assertEquals(0.5, ties.averagePrecision(), "one threshold: recall 1 at precision 1/2");
        // -0.0 and 0.0 are the same score
        assertEquals(0.5, RankedScores.of(new double[] {-0.0, 0.0}, new boolean[] {true, false}).rocAuc().auc());
    }

    @Test
    void scoreEqualToTheThresholdIsPredictedPositive() {
        BinaryMetrics m = BinaryMetrics.of(new double[] {0.5, 0.49999}, new boolean[] {true, false}, 0.5);
        assertEquals(new ConfusionMatrix(1, 0, 0, 1), m.confusion());
    }

    @Test
    void logLossClipsCertainMisses() {
        BinaryMetrics m = BinaryMetrics.of(new double[] {0.0, 1.0}, new boolean[] {true, false}, 0.5);
        // as NumPy computes it: 1 - (1 - 1e-15) is 9.992e-16 in doubles, so the certain false positive costs a bit more
        assertEquals((-Math.log(1e-15) - Math.log(1 - (1 - 1e-15))) / 2, m.logLoss(), 1e-12);
        assertEquals(34.53917619362578, m.logLoss(), 1e-12); // NumPy's value
        assertEquals(1, m.brier());
    }

    @Test
    void rankStatisticsMatchBruteForceOnRandomTies() {
        SplittableRandom r = new SplittableRandom(5);
        for (int round = 0; round < 20; round++) {
            int n = 50 + r.nextInt(200);
            double[] s = new double[n];
            boolean[] y = new boolean[n];
            for (int i = 0; i < n; i++) {
                s[i] = r.nextInt(12) / 11.0;
                y[i] = r.nextDouble() < s[i] * 0.8 + 0.1;
            }
            double u = 0;
            long m = 0;
            long k = 0;
            for (int i = 0; i < n; i++) {
                if (y[i]) {
                    m++;
                    for (int j = 0; j < n; j++) {
                        if (!y[j]) {
                            u += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                        }
                    }
                } else {
                    k++;
                }
            }
            RankedScores ranked = RankedScores.of(s, y);
            assertEquals(u / (m * k), ranked.rocAuc().auc(), 1e-12);
            // average precision by its definition: thresholds at each distinct score, descending
            double ap = 0;
            double prevRecall = 0;
            for (int t = 11; t >= 0; t--) {
                double th = t / 11.0;
                long tp = 0;
                long pp = 0;
                for (int i = 0; i < n; i++) {
                    if (s[i] >= th) {
                        pp++;
                        tp += y[i] ? 1 : 0;
                    }
                }
                if (pp > 0) {
                    double recall = (double) tp / m;
                    ap += (recall - prevRecall) * tp / pp;
                    prevRecall = recall;
                }
            }
            assertEquals(ap, ranked.averagePrecision(), 1e-12);
        }
    }

    @Test
    void rocCurveRunsFromOriginToOneOneAndIsThinnedForCharts() {
        SplittableRandom r = new SplittableRandom(9);
        int n = 5000;
        double[] s = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            s[i] = r.nextDouble();
            y[i] = r.nextDouble() < s[i];
        }
        RankedScores ranked = RankedScores.of(s, y);
        List<RocPoint> full = ranked.rocCurve(Integer.MAX_VALUE);
        assertEquals(n + 1, full.size());
        List<RocPoint> curve = ranked.rocCurve(101);
        assertEquals(101, curve.size());
        assertEquals(new RocPoint(Double.POSITIVE_INFINITY, 0, 0), curve.get(0));
        assertEquals(1, curve.get(100).fpr());
        assertEquals(1, curve.get(100).tpr());
        for (int i = 1; i < curve.size(); i++) {
            assertTrue(curve.get(i).fpr() >= curve.get(i - 1).fpr() && curve.get(i).tpr() >= curve.get(i - 1).tpr());
            assertTrue(curve.get(i).threshold() < curve.get(i - 1).threshold());
        }
        // the trapezoid area under the full curve is the Mann-Whitney AUC
        double area = 0;
        for (int i = 1; i < full.size(); i++) {
            area += (full.get(i).fpr() - full.get(i - 1).fpr()) * (full.get(i).tpr() + full.get(i - 1).tpr()) / 2;
        }
        assertEquals(ranked.rocAuc().auc(), area, 1e-12);
    }

    @Test
    void regressionEdges() {
        RegressionMetrics m = RegressionAccumulator.of(new double[] {1, 3, 2}, new double[] {0, 2, 2});
        assertEquals(2, m.mapeRows(), "y = 0 is left out of MAPE");
        assertEquals(0.25, m.mape(), 1e-15);
        assertEquals(2.0 / 3, m.mae(), 1e-15);
        assertTrue(Double.isNaN(RegressionAccumulator.of(new double[] {1, 2}, new double[] {3, 3}).r2()),
                "constant y: R^2 undefined");
        assertTrue(Double.isNaN(RegressionAccumulator.of(new double[] {1}, new double[] {0}).mape()));
        assertThrows(IllegalArgumentException.class,
                () -> RegressionAccumulator.of(new double[] {Double.NaN}, new double[] {1}));
    }

    @Test
    void multiclassCountsClassesOnlyPredictedOrOnlyActual() {
        MulticlassMetrics m = MulticlassAccumulator.of(new String[] {"a", "b", "c"}, new String[] {"a", "b", "b"});
        assertEquals(List.of("a", "b", "c"), m.classes());
        assertEquals(List.of(1.0, 2.0 / 3, 0.0), m.f1());
        assertEquals((1 + 2.0 / 3) / 3, m.macroF1(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> MulticlassAccumulator.of(new String[] {null}, new String[] {"a"}));
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.of(new double[] {1.2}, new boolean[1], 0.5));
        assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.of(new double[] {Double.NaN}, new boolean[1], 0.5));
        assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.of(new double[2], new boolean[1], 0.5));
        assertThrows(IllegalArgumentException.class, () -> new BinaryAccumulator(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> RankedScores.of(new double[] {Double.POSITIVE_INFINITY},
                new boolean[1]));
        assertThrows(IllegalArgumentException.class, () -> new BinaryAccumulator(0.5).merge(new BinaryAccumulator(0.4)));
        assertThrows(IllegalArgumentException.class, () -> Cbpe.estimate(new double[] {-0.1}, 0.5));
        assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.of(new double[1], new boolean[1], 2, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Cbpe.estimate(new double[1], 2, 0.5));
        // a rank statistic of arbitrary finite scores is fine (only order matters)
        assertEquals(1, RankedScores.of(new double[] {7, -3}, new boolean[] {true, false}).rocAuc().auc());
    }
}
