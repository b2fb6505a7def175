package io.mlctl.quality;

/**
 * Streaming, mergeable accumulator of a regression model's errors. The total sum of squares of y is kept with
 * Welford's update and Chan et al.'s merge (mean and centred M2), which stay accurate where sum y^2 - n mean^2 would
 * cancel.
 */
public final class RegressionAccumulator {
    private long n;
    private final Sum absError = new Sum();
    private final Sum squaredError = new Sum();
    private final Sum relativeError = new Sum();
    private long relativeRows;
    private double mean;
    private double m2;

    public void add(double prediction, double actual) {
        if (!Double.isFinite(prediction) || !Double.isFinite(actual)) {
            throw new IllegalArgumentException("prediction " + prediction + " or label " + actual + " is not finite");
        }
        double e = actual - prediction;
        n++;
        absError.add(Math.abs(e));
        squaredError.add(e * e);
        if (actual != 0) {
            relativeError.add(Math.abs(e) / Math.abs(actual));
            relativeRows++;
        }
        double d = actual - mean;
        mean += d / n;
        m2 += d * (actual - mean);
    }

    public void merge(RegressionAccumulator o) {
        if (o.n == 0) {
            return;
        }
        long total = n + o.n;
        double d = o.mean - mean;
        m2 += o.m2 + d * d * ((double) n * o.n / total);
        mean += d * o.n / total;
        n = total;
        absError.add(o.absError);
        squaredError.add(o.squaredError);
        relativeError.add(o.relativeError);
        relativeRows += o.relativeRows;
    }

    public long n() {
        return n;
    }

    public RegressionMetrics metrics() {
        if (n == 0) {
            return new RegressionMetrics(0, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN);
        }
        double sse = squaredError.value();
        double mape = relativeRows == 0 ? Double.NaN : relativeError.value() / relativeRows;
        double r2 = m2 > 0 ? 1 - sse / m2 : Double.NaN;
        return new RegressionMetrics(n, absError.value() / n, Math.sqrt(sse / n), mape, relativeRows, r2);
    }

    public static RegressionMetrics of(double[] predictions, double[] actual) {
        if (predictions.length != actual.length) {
            throw new IllegalArgumentException(predictions.length + " predictions but " + actual.length + " labels");
        }
        RegressionAccumulator acc = new RegressionAccumulator();
        for (int i = 0; i < predictions.length; i++) {
            acc.add(predictions[i], actual[i]);
        }
        return acc.metrics();
    }
}
