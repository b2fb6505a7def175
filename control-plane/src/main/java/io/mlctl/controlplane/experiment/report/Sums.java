package io.mlctl.controlplane.experiment.report;

import io.mlctl.api.experiment.MetricType;
import io.mlctl.experiment.ArmSummary;

/**
 * Sufficient statistics of one metric in one arm: exposed units, the sum of the units' values and the sum of their
 * squares. For a proportion the values are 0/1, so the sum is the number of conversions.
 */
public record Sums(long units, double total, double squares) {
    public static final Sums ZERO = new Sums(0, 0, 0);

    public Sums plus(Sums o) {
        return new Sums(units + o.units, total + o.total, squares + o.squares);
    }

    public ArmSummary summary(MetricType type) {
        if (type == MetricType.proportion) {
            // sums of 0/1 values are exact in a double; clamp so a unit count that lags never breaks the invariant
            return ArmSummary.proportion(units, Math.min(units, Math.round(total)));
        }
        return ArmSummary.fromSums(units, total, squares);
    }
}
