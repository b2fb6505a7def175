package io.mlctl.drift.evaluation;

import io.mlctl.drift.profile.CategoricalProfile;
import io.mlctl.drift.profile.DatasetProfile;
import io.mlctl.drift.profile.FeatureProfile;
import io.mlctl.drift.profile.FeatureType;
import io.mlctl.drift.profile.NumericProfile;
import io.mlctl.drift.stats.ChiSquare;
import io.mlctl.drift.stats.CramersV;
import io.mlctl.drift.stats.Divergences;
import io.mlctl.drift.stats.Hellinger;
import io.mlctl.drift.stats.KolmogorovSmirnov;
import io.mlctl.drift.stats.Wasserstein;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares a current profile (a window, or an offline dataset) with its reference: PSI, KL, Jensen–Shannon and
 * Hellinger over the reference's bins (numbers) or categories, KS and Wasserstein (numbers) or chi-square and Cramér's
 * V (categories), then a verdict per feature from the configured statistics ({@link VerdictRule}: p-values on small
 * samples, adjusted across the features; effect sizes on larger ones) and a dataset verdict from the share of drifted
 * features.
 *
 * <p>Stateless and thread-safe; profiles are immutable, so features can be evaluated in parallel.
 */
public final class DriftEvaluator {

    private DriftEvaluator() {
    }

    /**
     * Evaluates every feature of the reference against the current profile of the same name (a feature missing from
     * the current profile has no data). Features only in the current profile have no reference and are skipped.
     */
    public static DatasetDrift evaluate(DatasetProfile reference, DatasetProfile current, DriftConfig config) {
        List<FeatureDrift> results = new ArrayList<>();
        reference.features().forEach((name, ref) -> results.add(
                evaluate(name, ref, current.feature(name), config.forFeature(name, ref.type()))));
        return DatasetDrift.of(results, config.datasetDriftShare());
    }

    /**
     * Evaluates one feature on its own. Features of one comparison evaluated this way (in parallel, say) are judged
     * together by {@link DatasetDrift#of}, which adjusts their p-values across them.
     *
     * @param current may be null: the feature had no rows at all
     * @throws IllegalArgumentException when the two profiles are of different types, or a numeric reference has no
     *                                  bins
     */
    public static FeatureDrift evaluate(String name, FeatureProfile reference, FeatureProfile current,
                                        FeatureDriftConfig config) {
        if (current != null && current.type() != reference.type()) {
            throw new IllegalArgumentException("feature '" + name + "' is " + reference.type().wireName()
                    + " in the reference but " + current.type().wireName() + " in the current data");
        }
        FeatureDrift measured = reference instanceof NumericProfile ref
                ? numeric(name, ref, (NumericProfile) current, config)
                : categorical(name, (CategoricalProfile) reference, (CategoricalProfile) current, config);
        return VerdictRule.judgeAlone(measured);
    }

    private static FeatureDrift numeric(String name, NumericProfile ref, NumericProfile cur,
                                        FeatureDriftConfig config) {
        if (!ref.binned()) {
            throw new IllegalArgumentException("the reference profile of '" + name
                    + "' has no bins; build it with referenceBins(B)");
        }
        double[] edges = ref.edges();
        double[] refCounts = ref.countsIn(edges);
        double[] curCounts = cur == null ? new double[edges.length + 1] : cur.countsIn(edges);
        long n = ref.count();
        long m = cur == null ? 0 : cur.count();
        Histogram histogram = new Histogram(() -> binLabels(edges), proportions(refCounts, n),
                proportions(curCounts, m));
        double nullRateCur = cur == null ? Double.NaN : cur.nullRate();
        if (n == 0 || m == 0) {
            return noData(name, FeatureType.NUMERIC, ref, cur, n, m, nullRateCur, config, histogram);
        }
        Divergences.Result div = Divergences.compare(refCounts, n, curCounts, m);
        // one walk for W1 and KS D (Wasserstein.walk); the p-value from D and the two counts
        Wasserstein.Walk walk = Wasserstein.walk(ref.cdf(), cur.cdf());
        KolmogorovSmirnov.Result ks = new KolmogorovSmirnov.Result(walk.ksStatistic(),
                KolmogorovSmirnov.pValue(ref.cdf().total(), cur.cdf().total(), walk.ksStatistic()));
        double w1 = walk.wasserstein();
        double std = ref.moments().std();
        return new FeatureDrift(name, FeatureType.NUMERIC, div.psi(), div.kl(), div.jsDistance(),
                ks.statistic(), ks.pValue(), Double.NaN, Double.NaN, w1, std > 0 ? w1 / std : Double.NaN,
                Hellinger.distance(refCounts, n, curCounts, m), Double.NaN, n, m, ref.nullRate(), nullRateCur,
                Verdict.OK, List.of(), Double.NaN, config, histogram);
    }

    private static FeatureDrift categorical(String name, CategoricalProfile ref, CategoricalProfile cur,
                                            FeatureDriftConfig config) {
        long n = ref.count();
        long m = cur == null ? 0 : cur.count();
        Buckets buckets = buckets(ref.counts(), n, cur == null ? Map.of() : cur.counts(), m, config.topCategories());
        Histogram histogram = new Histogram(buckets.labels, proportions(buckets.reference, n),
                proportions(buckets.current, m));
        double nullRateCur = cur == null ? Double.NaN : cur.nullRate();
        if (n == 0 || m == 0) {
            return noData(name, FeatureType.CATEGORICAL, ref, cur, n, m, nullRateCur, config, histogram);
        }
        Divergences.Result div = Divergences.compare(buckets.reference, n, buckets.current, m);
        ChiSquare.Result chi2 = ChiSquare.homogeneity(round(buckets.reference), round(buckets.current));
        return new FeatureDrift(name, FeatureType.CATEGORICAL, div.psi(), div.kl(), div.jsDistance(),
                Double.NaN, Double.NaN, chi2.statistic(), chi2.pValue(), Double.NaN, Double.NaN,
                Hellinger.distance(buckets.reference, n, buckets.current, m), CramersV.of(chi2.statistic(), n + m),
                n, m, ref.nullRate(), nullRateCur, Verdict.OK, List.of(), Double.NaN, config, histogram);
    }

    private static FeatureDrift noData(String name, FeatureType type, FeatureProfile ref, FeatureProfile cur, long n,
                                       long m, double nullRateCur, FeatureDriftConfig config, Histogram histogram) {
        String why = n == 0 && m == 0 ? "no values in the reference nor in the current data"
                : n == 0 ? "no values in the reference" : "no values in the current data";
        if (cur == null) {
            why = "no current data for this feature";
        }
        return new FeatureDrift(name, type, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, n, m, ref.nullRate(), nullRateCur,
                Verdict.NO_DATA, List.of(why), Double.NaN, config, histogram);
    }

    /**
     * The categories compared: the union of both sides in name order while it has at most {@code top} categories;
     * beyond that the reference's {@code top} most frequent ones (by count, then name) and {@value
     * FeatureDriftConfig#OTHER} for everything else on either side. Counts a sketch could not attribute to a category
     * also land in {@value FeatureDriftConfig#OTHER}.
     */
    static Buckets buckets(Map<String, Long> ref, long refTotal, Map<String, Long> cur, long curTotal, int top) {
        TreeSet<String> union = new TreeSet<>(ref.keySet());
        union.addAll(cur.keySet());
        List<String> kept;
        if (union.size() <= top) {
            kept = new ArrayList<>(union);
        } else {
            kept = ref.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(top).map(Map.Entry::getKey).toList();
        }
        double[] r = new double[kept.size() + 1];
        double[] c = new double[kept.size() + 1];
        double refKept = 0;
        double curKept = 0;
        for (int i = 0; i < kept.size(); i++) {
            r[i] = ref.getOrDefault(kept.get(i), 0L);
            c[i] = cur.getOrDefault(kept.get(i), 0L);
            refKept += r[i];
            curKept += c[i];
        }
        r[kept.size()] = Math.max(0, refTotal - refKept);
        c[kept.size()] = Math.max(0, curTotal - curKept);
        List<String> labels = new ArrayList<>(kept);
        if (r[kept.size()] > 0 || c[kept.size()] > 0) {
            labels.add(FeatureDriftConfig.OTHER);
            return new Buckets(labels, r, c);
        }
        return new Buckets(labels, java.util.Arrays.copyOf(r, kept.size()), java.util.Arrays.copyOf(c, kept.size()));
    }

    record Buckets(List<String> labels, double[] reference, double[] current) {
    }

    /** "≤ e1", "(e1, e2]", …, "&gt; e_last"; "all values" for a single bin. */
    static List<String> binLabels(double[] edges) {
        List<String> labels = new ArrayList<>();
        if (edges.length == 0) {
            labels.add("all values");
            return labels;
        }
        labels.add("≤ " + format(edges[0]));
        for (int i = 1; i < edges.length; i++) {
            labels.add("(" + format(edges[i - 1]) + ", " + format(edges[i]) + "]");
        }
        labels.add("> " + format(edges[edges.length - 1]));
        return labels;
    }

    /** A number in at most 4 significant digits, for labels and reasons. */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v == 0 || Double.isInfinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        double a = Math.abs(v);
        if (a >= 1e6 || a < 1e-4) {
            return String.format(java.util.Locale.ROOT, "%.3e", v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    private static double[] proportions(double[] counts, long total) {
        double[] p = new double[counts.length];
        if (total > 0) {
            for (int i = 0; i < counts.length; i++) {
                p[i] = counts[i] / total;
            }
        }
        return p;
    }

    private static long[] round(double[] counts) {
        long[] r = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            r[i] = Math.round(counts[i]);
        }
        return r;
    }
}
