package io.mlctl.drift.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The JMH benchmarks' main operations timed by the thread's CPU time next to the wall clock. On a shared machine
 * the wall clock (what JMH reports) also counts the time a runnable thread waits for a core; CPU time does not.
 * Run with {@code mvn -pl drift-detector test-compile exec:exec@bench -Dbench.main=io.mlctl.drift.bench.CpuTimeFigures -Dbench.args=}.
 */
public final class CpuTimeFigures {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private CpuTimeFigures() {
    }

    public static void main(String[] args) {
        ProfileUpdateBenchmark updates = new ProfileUpdateBenchmark();
        updates.setUp();
        rate("numeric streaming window update (bin + KLL k=" + io.mlctl.drift.profile.NumericProfile.DEFAULT_WINDOW_SKETCH_K + ")",
                updates::numericStreamingWindow);
        rate("numeric streaming reference update (KLL k=4096)", updates::numericStreamingReference);
        rate("numeric exact window update", updates::numericExactWindow);
        rate("categorical streaming update (frequent items)", updates::categoricalStreaming);
        rate("categorical exact update", updates::categoricalExact);

        EvaluationBenchmark evaluation = new EvaluationBenchmark();
        evaluation.features = 1000;
        evaluation.setUp();
        double[][] t = time(evaluation::evaluateWindowFromBytes, 20, 60);
        System.out.printf(Locale.ROOT, "%-55s CPU %.1f ms (p10 %.1f, p90 %.1f), wall %.1f ms%n",
                "evaluate 1,000 features, window read from bytes", t[0][30], t[0][6], t[0][54], t[1][30]);
    }

    private static void rate(String what, Runnable oneMillionValues) {
        double[][] t = time(oneMillionValues, 5, 15);
        double n = ProfileUpdateBenchmark.N;
        System.out.printf(Locale.ROOT, "%-55s CPU %.1f M values/s, wall %.1f M values/s%n", what,
                n / t[0][7] / 1e3, n / t[1][7] / 1e3);
    }

    /** Sorted CPU and wall milliseconds of {@code rounds} runs after {@code warmup} runs. */
    private static double[][] time(Runnable r, int warmup, int rounds) {
        for (int i = 0; i < warmup; i++) {
            r.run();
        }
        double[] cpu = new double[rounds];
        double[] wall = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long c0 = MX.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            r.run();
            wall[i] = (System.nanoTime() - w0) / 1e6;
            cpu[i] = (MX.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        return new double[][]{cpu, wall};
    }
}
