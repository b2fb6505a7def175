package io.mlctl.experiment;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Adjusted p-values for several metrics (or arms) tested at once; compare each adjusted p with alpha.
 * <ul>
 * <li>Holm (step-down, controls the family-wise error): with p sorted ascending,
 *     adj_(i) = max_{j <= i} min(1, (m - j + 1) p_(j)).</li>
 * <li>Benjamini-Hochberg (step-up, controls the false discovery rate):
 *     adj_(i) = min_{j >= i} min(1, m p_(j) / j).</li>
 * </ul>
 * Both return the adjusted values in the order of the input, as R's {@code p.adjust} and statsmodels do.
 */
public final class MultipleTesting {
    private MultipleTesting() {
    }

    public static double[] holm(double... p) {
        int m = check(p);
        Integer[] order = ascending(p);
        double[] adj = new double[m];
        double running = 0;
        for (int i = 0; i < m; i++) {
            running = Math.max(running, Math.min(1, (m - i) * p[order[i]]));
            adj[order[i]] = running;
        }
        return adj;
    }

    public static double[] benjaminiHochberg(double... p) {
        int m = check(p);
        Integer[] order = ascending(p);
        double[] adj = new double[m];
        double running = 1;
        for (int i = m - 1; i >= 0; i--) {
            running = Math.min(running, Math.min(1, m * p[order[i]] / (i + 1)));
            adj[order[i]] = running;
        }
        return adj;
    }

    private static int check(double[] p) {
        for (double v : p) {
            if (!(v >= 0 && v <= 1)) {
                throw new ExperimentInputException("p-values must be between 0 and 1, got " + Arrays.toString(p));
            }
        }
        return p.length;
    }

    private static Integer[] ascending(double[] p) {
        return IntStream.range(0, p.length).boxed().sorted(Comparator.comparingDouble(i -> p[i])).toArray(Integer[]::new);
    }
}
