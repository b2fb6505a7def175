package io.mlctl.drift.bench;

import io.mlctl.drift.profile.CategoricalProfile;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Merging streaming profiles, as window roll-ups and replicas do: two 100k-value numeric windows, two categorical
 * windows, a 12-window roll-up of a 10-feature dataset (5 min to 1 h), and a window's bytes read back.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MergeBenchmark {
    /** The prediction\'s profile name (the feature schema\'s convention; this module does not depend on it). */
    private static final String PREDICTION = "__prediction__";
    private NumericProfile numericA;
    private NumericProfile numericB;
    private CategoricalProfile categoricalA;
    private CategoricalProfile categoricalB;
    private DatasetProfile[] fiveMinuteWindows;
    private byte[] windowBytes;

    @Setup
    public void setUp() {
        NumericProfile reference = BenchData.numericReference(ProfileMode.STREAMING, BenchData.normal(1_000_000, 0, 1, 1));
        numericA = BenchData.numericWindow(reference, ProfileMode.STREAMING, BenchData.normal(100_000, 0, 1, 2));
        numericB = BenchData.numericWindow(reference, ProfileMode.STREAMING, BenchData.normal(100_000, 0.1, 1, 3));
        categoricalA = BenchData.categorical(ProfileMode.STREAMING, BenchData.categories(100_000, 50, 4));
        categoricalB = BenchData.categorical(ProfileMode.STREAMING, BenchData.categories(100_000, 50, 5));
        fiveMinuteWindows = new DatasetProfile[12];
        for (int w = 0; w < 12; w++) {
            Map<String, FeatureProfile> features = new LinkedHashMap<>();
            for (int f = 0; f < 8; f++) {
                features.put("n" + f, BenchData.numericWindow(reference, ProfileMode.STREAMING,
                        BenchData.normal(5_000, 0, 1, 100 + w * 10 + f)));
            }
            features.put("c0", BenchData.categorical(ProfileMode.STREAMING, BenchData.categories(5_000, 20, w)));
            features.put(PREDICTION, BenchData.numericWindow(reference, ProfileMode.STREAMING,
                    BenchData.normal(5_000, 0, 1, 999 + w)));
            fiveMinuteWindows[w] = new DatasetProfile(features);
        }
        windowBytes = numericA.toBytes();
    }

    @Benchmark
    public NumericProfile mergeNumericWindows() {
        return numericA.merge(numericB);
    }

    @Benchmark
    public CategoricalProfile mergeCategoricalWindows() {
        return categoricalA.merge(categoricalB);
    }

    /** Twelve 5-minute dataset windows (10 features each) rolled up into the hour. */
    @Benchmark
    public DatasetProfile rollUpHourOfTenFeatures() {
        DatasetProfile hour = fiveMinuteWindows[0];
        for (int w = 1; w < 12; w++) {
            hour = hour.merge(fiveMinuteWindows[w]);
        }
        return hour;
    }

    @Benchmark
    public FeatureProfile readWindowFromBytes() {
        return FeatureProfile.fromBytes(windowBytes);
    }

    @Benchmark
    public byte[] writeWindowToBytes() {
        return numericA.toBytes();
    }
}
