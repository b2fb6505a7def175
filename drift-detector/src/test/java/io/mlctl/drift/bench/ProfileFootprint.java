package io.mlctl.drift.bench;

import io.mlctl.drift.profile.FeatureProfile;
import io.mlctl.drift.profile.NumericProfile;
import io.mlctl.drift.profile.ProfileMode;
import org.openjdk.jol.info.GraphLayout;

import java.util.Locale;

/**
 * Memory per profile: serialized size and retained heap (JOL's object graph walk), for the profiles the control plane
 * keeps. Run with {@code mvn -pl drift-detector test-compile exec:exec@bench -Dbench.main=io.mlctl.drift.bench.ProfileFootprint -Dbench.args=}.
 */
public final class ProfileFootprint {
    private ProfileFootprint() {
    }

    public static void main(String[] args) {
        System.out.println("| profile | values | serialized | retained heap |");
        System.out.println("|---|---:|---:|---:|");
        NumericProfile ref1m = BenchData.numericReference(ProfileMode.STREAMING, BenchData.normal(1_000_000, 0, 1, 1));
        row("numeric reference, streaming (KLL k=4096)", 100_000,
                BenchData.numericReference(ProfileMode.STREAMING, BenchData.normal(100_000, 0, 1, 2)));
        row("numeric reference, streaming (KLL k=4096)", 1_000_000, ref1m);
        row("numeric reference, streaming (KLL k=4096)", 10_000_000,
                BenchData.numericReference(ProfileMode.STREAMING, BenchData.normal(10_000_000, 0, 1, 3)));
        row("numeric window, streaming (KLL k=512, 10 bins)", 1_000,
                BenchData.numericWindow(ref1m, ProfileMode.STREAMING, BenchData.normal(1_000, 0, 1, 4)));
        row("numeric window, streaming (KLL k=512, 10 bins)", 10_000,
                BenchData.numericWindow(ref1m, ProfileMode.STREAMING, BenchData.normal(10_000, 0, 1, 5)));
        row("numeric window, streaming (KLL k=512, 10 bins)", 1_000_000,
                BenchData.numericWindow(ref1m, ProfileMode.STREAMING, BenchData.normal(1_000_000, 0, 1, 6)));
        row("numeric window, exact", 10_000,
                BenchData.numericWindow(ref1m, ProfileMode.EXACT, BenchData.normal(10_000, 0, 1, 7)));
        row("categorical, streaming (50 categories)", 1_000_000,
                BenchData.categorical(ProfileMode.STREAMING, BenchData.categories(1_000_000, 50, 8)));
        row("categorical, streaming (100,000 distinct, sketch full)", 1_000_000,
                BenchData.categorical(ProfileMode.STREAMING, BenchData.categories(1_000_000, 100_000, 9)));
        row("categorical, exact (50 categories)", 1_000_000,
                BenchData.categorical(ProfileMode.EXACT, BenchData.categories(1_000_000, 50, 10)));
    }

    private static void row(String what, long values, FeatureProfile p) {
        p.toBytes();
        if (p instanceof NumericProfile n) {
            n.cdf(); // a reference in use caches its sorted view: count it
        }
        System.out.printf(Locale.ROOT, "| %s | %,d | %,d B | %,d B |%n", what, values, p.toBytes().length,
                GraphLayout.parseInstance(p).totalSize());
    }
}
