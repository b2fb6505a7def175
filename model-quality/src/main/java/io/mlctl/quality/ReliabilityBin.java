package io.mlctl.quality;

/**
 * One row of a reliability (calibration) table: the rows whose score falls in [lower, upper) (the last bin includes
 * 1), their mean score and the observed share of positives. A calibrated model has {@code observedRate ≈ meanScore}.
 *
 * @param index      bin number, {@code min(floor(10 p), 9)}
 * @param count      rows in the bin (never 0: empty bins are left out of tables)
 * @param meanScore  mean of the scores in the bin
 * @param observedRate share of positive labels in the bin
 * @param expectedVariance sum of p(1 - p) over the bin: the variance of the bin's positive count if the scores were
 *                   calibrated (the labels independent Bernoulli(p)); the calibration check's denominator
 */
public record ReliabilityBin(int index, double lower, double upper, long count, double meanScore, double observedRate,
                             double expectedVariance) {
}
