package io.mlctl.drift.profile;

/**
 * Count, mean and sum of squared deviations (M2) of a stream of finite values, so that a streaming profile knows its
 * population standard deviation sqrt(M2 / n) without keeping the values. Two sets of moments combine exactly
 * (Chan, Golub and LeVeque's pairwise update), so windows and replicas merge like their sketches do.
 */
public record Moments(long count, double mean, double m2) {
    public static final Moments EMPTY = new Moments(0, 0, 0);

    public Moments {
        // values near the double range can overflow the sums to infinity or NaN: such moments are kept (the
        // standard deviation is then not a number) rather than failing the ingest of a legal batch
        if (count < 0 || m2 < 0) {
            throw new IllegalArgumentException("not moments: n=" + count + ", mean=" + mean + ", m2=" + m2);
        }
    }

    /**
     * Moments from shifted sums: {@code sum} = Σ (x − shift), {@code sumOfSquares} = Σ (x − shift)². Shifting by a
     * value of the data (the first one) keeps the textbook formula M2 = Σd² − (Σd)²/n free of the cancellation it
     * suffers far from zero, while costing one subtraction, one multiplication and two additions per value.
     */
    static Moments ofShiftedSums(long n, double shift, double sum, double sumOfSquares) {
        if (n == 0) {
            return EMPTY;
        }
        double d = sum / n;
        double m2 = sumOfSquares - sum * d;
        return new Moments(n, shift + d, m2 < 0 ? 0 : m2); // rounding can take a constant's M2 just below 0
    }

    /** Exact moments of sorted (or any) values, two passes as NumPy's {@code mean} and {@code std} do. */
    static Moments of(double[] values, int n) {
        if (n == 0) {
            return EMPTY;
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += values[i];
        }
        double mean = s / n;
        double m2 = 0;
        for (int i = 0; i < n; i++) {
            double d = values[i] - mean;
            m2 += d * d;
        }
        return new Moments(n, mean, m2);
    }

    public Moments plus(Moments o) {
        if (o.count == 0) {
            return this;
        }
        if (count == 0) {
            return o;
        }
        long n = count + o.count;
        double delta = o.mean - mean;
        double mergedMean = mean + delta * o.count / n;
        double mergedM2 = m2 + o.m2 + delta * delta * ((double) count * o.count / n);
        return new Moments(n, mergedMean, mergedM2);
    }

    /** Population standard deviation sqrt(M2 / n) (NumPy's {@code std}, ddof = 0); NaN without values. */
    public double std() {
        return count == 0 || !Double.isFinite(m2) ? Double.NaN : Math.sqrt(m2 / count);
    }
}
