package io.mlctl.drift.evaluation;

import java.util.List;
import java.util.function.Supplier;

/**
 * What was compared, for plots: one label per bin or category and the raw proportions (no epsilon) of the reference
 * and the current data in it. Bin labels are made only when asked for (a report), not at every evaluation.
 */
public final class Histogram {
    private final Supplier<List<String>> labelSource;
    private final double[] reference;
    private final double[] current;
    private volatile List<String> labels;

    Histogram(Supplier<List<String>> labels, double[] reference, double[] current) {
        if (reference.length != current.length) {
            throw new IllegalArgumentException("one proportion per bin on both sides");
        }
        this.labelSource = labels;
        this.reference = reference.clone();
        this.current = current.clone();
    }

    public Histogram(List<String> labels, double[] reference, double[] current) {
        this(() -> labels, reference, current);
        if (labels.size() != reference.length) {
            throw new IllegalArgumentException("one proportion per label");
        }
    }

    /** "≤ e1", "(e1, e2]", …, "&gt; e_last" for numbers; the category names for categories. */
    public List<String> labels() {
        List<String> l = labels;
        if (l == null) {
            l = List.copyOf(labelSource.get());
            labels = l;
        }
        return l;
    }

    public double[] reference() {
        return reference.clone();
    }

    public double[] current() {
        return current.clone();
    }
}
