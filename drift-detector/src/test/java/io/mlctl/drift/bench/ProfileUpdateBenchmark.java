package io.mlctl.drift.bench;

import io.mlctl.drift.profile.CategoricalProfile;
import io.mlctl.drift.profile.NumericProfile;
import io.mlctl.drift.profile.ProfileMode;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Values folded into profiles per second, on one thread: one operation is one value. A window's update bins the
 * value with the reference's edges and updates its KLL sketch; a reference's only updates the sketch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ProfileUpdateBenchmark {
    static final int N = 1 << 20;

    private double[] values;
    private String[] categories;
    private NumericProfile reference;

    @Setup
    public void setUp() {
        values = BenchData.normal(N, 0, 1, 1);
        categories = BenchData.categories(N, 50, 2);
        reference = BenchData.numericReference(ProfileMode.STREAMING, BenchData.normal(N, 0, 1, 3));
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public NumericProfile numericStreamingWindow() {
        NumericProfile.Builder b = reference.windowBuilder(ProfileMode.STREAMING);
        for (double v : values) {
            b.add(v);
        }
        return b.build();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public NumericProfile numericStreamingReference() {
        NumericProfile.Builder b = NumericProfile.builder(ProfileMode.STREAMING).referenceBins(10);
        for (double v : values) {
            b.add(v);
        }
        return b.build();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public NumericProfile numericExactWindow() {
        NumericProfile.Builder b = reference.windowBuilder(ProfileMode.EXACT);
        for (double v : values) {
            b.add(v);
        }
        return b.build();
    }

    /** The bare DataSketches KLL sketch at the window's k, for comparison. */
    @Benchmark
    @OperationsPerInvocation(N)
    public KllDoublesSketch kllSketchOnly() {
        KllDoublesSketch s = KllDoublesSketch.newHeapInstance(NumericProfile.DEFAULT_WINDOW_SKETCH_K);
        for (double v : values) {
            s.update(v);
        }
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public CategoricalProfile categoricalStreaming() {
        CategoricalProfile.Builder b = CategoricalProfile.builder(ProfileMode.STREAMING);
        for (String c : categories) {
            b.add(c);
        }
        return b.build();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public CategoricalProfile categoricalExact() {
        CategoricalProfile.Builder b = CategoricalProfile.builder(ProfileMode.EXACT);
        for (String c : categories) {
            b.add(c);
        }
        return b.build();
    }
}
