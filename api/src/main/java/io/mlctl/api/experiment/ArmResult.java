package io.mlctl.api.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One metric in one arm. {@code n} is the exposed units; {@code rate} and {@code conversions} for proportions,
 * {@code mean} for means, {@code sd} per unit. The comparison fields (difference onwards) compare this arm with the
 * control and are absent on the control row.
 *
 * @param pValue             fixed-horizon two-sided p-value (z-test or Welch)
 * @param adjustedPValue     after the experiment's correction across primary metrics and arms
 * @param sequentialPValue   anytime-valid p-value of the confidence sequence (safe to watch continuously)
 * @param confidenceSequence the difference's confidence sequence at 1 - alpha
 * @param relativeLiftSequence the relative lift's confidence sequence (delta-method standard error)
 * @param achievedPower      power of the current units to detect the planned MDE (primary metrics)
 * @param samplesRequired    units this arm needs for the planned MDE (primary metrics)
 * @param outcome            primary metrics: WIN, LOSS, FLAT or PENDING; guardrails NON_INFERIOR, INCONCLUSIVE or BREACHED
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArmResult(String arm,
                        @Nullable String version,
                        long n,
                        @Nullable Long conversions,
                        @Nullable Double rate,
                        @Nullable Double mean,
                        double sd,
                        @Nullable Double difference,
                        @Nullable Bounds differenceInterval,
                        @Nullable Double relativeLift,
                        @Nullable Bounds relativeLiftInterval,
                        @Nullable Double pValue,
                        @Nullable Double adjustedPValue,
                        @Nullable Double sequentialPValue,
                        @Nullable Bounds confidenceSequence,
                        @Nullable Bounds relativeLiftSequence,
                        @Nullable Double achievedPower,
                        @Nullable Long samplesRequired,
                        @Nullable String outcome) {
}
