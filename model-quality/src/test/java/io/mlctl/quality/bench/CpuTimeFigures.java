package io.mlctl.quality.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@link QualityBenchmark}'s operations timed by the thread's CPU time next to the wall clock: on a shared machine
 * the wall clock (what JMH reports) also counts the time a runnable thread waits for a core; CPU time does not.
 * Run with {@code mvn -pl model-quality test-compile exec:exec@bench -Dbench.main=io.mlctl.quality.bench.CpuTimeFigures -Dbench.args=}.
 */
public final class CpuTimeFigures {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private CpuTimeFigures() {
    }

    public static void main(String[] args) {
        QualityBenchmark b = new QualityBenchmark();
        b.rows = 1_000_000;
        b.setUp();
        report("all binary metrics, 1,000,000 rows", b::binaryMetrics);
        report("CBPE estimate incl. expected AUC, 1,000,000 rows", b::cbpeEstimate);
        report("streaming binary accumulator, 1,000,000 rows", b::streamingAccumulator);
        report("regression metrics, 1,000,000 rows", b::regressionMetrics);
    }

    private static void report(String what, Supplier<?> op) {
        int warmup = 5;
        int rounds = 21;
        Object sink = null;
        for (int i = 0; i < warmup; i++) {
            sink = op.get();
        }
        double[] cpu = new double[rounds];
        double[] wall = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long c0 = MX.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            sink = op.get();
            wall[i] = (System.nanoTime() - w0) / 1e6;
            cpu[i] = (MX.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        System.out.printf(Locale.ROOT, "%-50s CPU median %.1f ms (p10 %.1f, p90 %.1f), wall median %.1f ms%s%n", what,
                cpu[10], cpu[2], cpu[18], wall[10], sink == null ? "?" : "");
    }
}
