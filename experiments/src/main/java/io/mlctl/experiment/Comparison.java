package io.mlctl.experiment;

/**
 * Treatment against control for one metric at a fixed horizon.
 *
 * @param statistic      z (proportions) or Welch's t (means)
 * @param degreesOfFreedom Welch-Satterthwaite df for the t-test; infinite for the z-test
 * @param pValue         two-sided
 * @param difference     treatment minus control (rate or mean)
 * @param differenceInterval two-sided 1 - alpha interval of the difference
 * @param relativeLift   treatment / control - 1
 * @param relativeLiftInterval delta-method 1 - alpha interval of the lift
 * @param standardError  standard error of the difference (unpooled), the input of the confidence sequence
 */
public record Comparison(double statistic, double degreesOfFreedom, double pValue,
                         double difference, Interval differenceInterval,
                         double relativeLift, Interval relativeLiftInterval,
                         double standardError) {
}
