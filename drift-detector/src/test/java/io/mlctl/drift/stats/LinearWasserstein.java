package io.mlctl.drift.stats;

/**
 * The straightforward O(n + m) walk over both sides' distinct values, |F_ref − F_cur| times each gap's width: the
 * test oracle of {@link Wasserstein}'s galloping sum.
 */
final class LinearWasserstein {
    private LinearWasserstein() {
    }

    /** W1 of the two distributions; NaN when either side is empty. O(n + m), no allocation. */
    public static double distance(EmpiricalCdf reference, EmpiricalCdf current) {
        if (reference.size() == 0 || current.size() == 0) {
            return Double.NaN;
        }
        double[] a = reference.values();
        double[] b = current.values();
        long[] ca = reference.cumulative();
        long[] cb = current.cumulative();
        int n = reference.size();
        int m = current.size();
        double totalA = reference.total();
        double totalB = current.total();
        int i = 0;
        int j = 0;
        long belowA = 0; // weight at or below x on each side
        long belowB = 0;
        double sum = 0;
        double x = Math.min(a[0], b[0]);
        while (i < n || j < m) {
            // advance both sides past every value equal to x (ties within and across the samples)
            while (i < n && a[i] == x) {
                belowA = ca == null ? i + 1 : ca[i];
                i++;
            }
            while (j < m && b[j] == x) {
                belowB = cb == null ? j + 1 : cb[j];
                j++;
            }
            if (i == n && j == m) {
                break;
            }
            double next = i == n ? b[j] : j == m ? a[i] : Math.min(a[i], b[j]);
            sum += Math.abs(belowA / totalA - belowB / totalB) * (next - x);
            x = next;
        }
        return sum;
    }
}
