package io.mlctl.drift.bench;

import io.mlctl.drift.evaluation.DatasetDrift;
import io.mlctl.drift.evaluation.DriftConfig;
import io.mlctl.drift.evaluation.DriftEvaluator;
import io.mlctl.drift.profile.DatasetProfile;
import io.mlctl.drift.profile.FeatureProfile;
import io.mlctl.drift.profile.NumericProfile;
import io.mlctl.drift.profile.ProfileMode;
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

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A full drift evaluation of 1,000 features (900 numeric, 100 categorical) against their references, on one thread,
 * as the control plane runs it at a window's close: references are streaming profiles of 100,000 values held in
 * memory; the window (10,000 values per feature, a tenth of the features drifted) is read from its stored bytes
 * and then evaluated — PSI, KL, JS, KS with p-value or chi-square, verdicts and the dataset verdict.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class EvaluationBenchmark {
    @Param({"1000"})
    public int features;

    private DatasetProfile reference;
    private byte[] windowBytes;
    private DatasetProfile window;

    @Setup
    public void setUp() {
        Map<String, FeatureProfile> refs = new LinkedHashMap<>();
        Map<String, FeatureProfile> windows = new LinkedHashMap<>();
        for (int f = 0; f < features; f++) {
            boolean drifted = f % 10 == 0;
            String name = "f" + f;
            if (f % 10 == 5) {
                refs.put(name, BenchData.categorical(ProfileMode.STREAMING, BenchData.categories(100_000, 30, f)));
                windows.put(name, BenchData.categorical(ProfileMode.STREAMING,
                        BenchData.categories(10_000, drifted ? 40 : 30, 7_000_000L + f)));
            } else {
                NumericProfile ref = BenchData.numericReference(ProfileMode.STREAMING,
                        BenchData.normal(100_000, 0, 1, f));
                refs.put(name, ref);
                windows.put(name, BenchData.numericWindow(ref, ProfileMode.STREAMING,
                        BenchData.normal(10_000, drifted ? 0.3 : 0, 1, 1_000_000L + f)));
            }
        }
        reference = new DatasetProfile(refs);
        window = new DatasetProfile(windows);
        windowBytes = window.toBytes();
        // references stay in memory across windows: their sorted views are built once
        DriftEvaluator.evaluate(reference, window, DriftConfig.defaults());
    }

    /** Window profiles read from bytes (fresh objects, as at a window's close), then evaluated. */
    @Benchmark
    public DatasetDrift evaluateWindowFromBytes() {
        return DriftEvaluator.evaluate(reference, DatasetProfile.fromBytes(windowBytes), DriftConfig.defaults());
    }

    /** Reading the window's bytes alone, to separate it from the evaluation. */
    @Benchmark
    public DatasetProfile readWindowBytes() {
        return DatasetProfile.fromBytes(windowBytes);
    }
}
