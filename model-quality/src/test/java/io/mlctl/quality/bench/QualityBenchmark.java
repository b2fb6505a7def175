package io.mlctl.quality.bench;

import io.mlctl.quality.BinaryAccumulator;
import io.mlctl.quality.BinaryMetrics;
import io.mlctl.quality.Cbpe;
import io.mlctl.quality.CbpeEstimate;
import io.mlctl.quality.RegressionAccumulator;
import io.mlctl.quality.RegressionMetrics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The quality of one window of 1,000,000 labelled predictions, on one thread, from its columns in memory:
 * all binary metrics (confusion, log loss, Brier, ECE, then one sort for ROC AUC with the DeLong interval and
 * average precision), the CBPE estimate (expected confusion and the expected AUC, another sort), the streaming
 * accumulator alone, and regression metrics. Scores are rounded to 6 decimals, as logged scores often are (ties).
 * Goal (issue 16): all binary metrics of 1,000,000 rows in at most 1 s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class QualityBenchmark {
    @Param({"1000000"})
    public int rows;

    double[] scores;
    boolean[] labels;
    double[] actual;
    double[] predicted;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(1);
        scores = new double[rows];
        labels = new boolean[rows];
        actual = new double[rows];
        predicted = new double[rows];
        for (int i = 0; i < rows; i++) {
            double z = -1 + 1.5 * (r.nextDouble() + r.nextDouble() + r.nextDouble() - 1.5) * 2;
            scores[i] = Math.round(1e6 / (1 + Math.exp(-z))) / 1e6;
            labels[i] = r.nextDouble() < scores[i];
            actual[i] = 50 + 10 * z;
            predicted[i] = actual[i] + 5 * (r.nextDouble() - 0.4);
        }
    }

    @Benchmark
    public BinaryMetrics binaryMetrics() {
        return BinaryMetrics.of(scores, labels, 0.5);
    }

    @Benchmark
    public CbpeEstimate cbpeEstimate() {
        return Cbpe.estimate(scores, 0.5);
    }

    @Benchmark
    public double streamingAccumulator() {
        BinaryAccumulator acc = new BinaryAccumulator(0.5);
        for (int i = 0; i < rows; i++) {
            acc.add(scores[i], labels[i]);
        }
        return acc.logLoss() + acc.ece();
    }

    @Benchmark
    public RegressionMetrics regressionMetrics() {
        return RegressionAccumulator.of(predicted, actual);
    }
}
