package io.mlctl.drift.evaluation;

import java.util.List;

/**
 * What was compared, for plots: one label per bin or category and the raw proportions (no epsilon) of the reference
 * and the current data in it.
 */
public record Histogram(List<String> labels, double[] reference, double[] current) {
    public Histogram {
        labels = List.copyOf(labels);
        if (reference.length != labels.size() || current.length != labels.size()) {
            throw new IllegalArgumentException("one proportion per label");
        }
        reference = reference.clone();
        current = current.clone();
    }

    @Override
    public double[] reference() {
        return reference.clone();
    }

    @Override
    public double[] current() {
        return current.clone();
    }
}
