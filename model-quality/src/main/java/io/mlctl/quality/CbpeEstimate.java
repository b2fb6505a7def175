package io.mlctl.quality;

/**
 * CBPE estimates of a binary model's quality from its scores alone (labelled as estimates wherever shown).
 * Accuracy is an exact expectation, (E[TP] + E[TN]) / n; precision, recall and F1 are ratios of expectations
 * (E[TP] / (E[TP] + E[FP]), E[TP] / (E[TP] + E[FN]), 2 E[TP] / (2 E[TP] + E[FP] + E[FN])), as NannyML computes them;
 * ROC AUC per {@link ExpectedRocAuc}.
 *
 * @param accuracyStandardError sqrt(sum p(1 - p)) / n: the standard deviation of the realized accuracy around the
 *                              estimate when the scores are calibrated (labels independent Bernoulli(p)); the
 *                              realized value lies within 3 of these of the estimate 99.7% of the time
 * @param precisionStandardError sqrt(sum over predicted positives of p(1 - p)) / (predicted positives), the same for
 *                              precision (its denominator does not depend on the labels); NaN when nothing is
 *                              predicted positive
 */
public record CbpeEstimate(long n, double threshold, ConfusionMatrix expected, double accuracy, double precision,
                           double recall, double f1, double rocAuc, double accuracyStandardError,
                           double precisionStandardError) {
}
