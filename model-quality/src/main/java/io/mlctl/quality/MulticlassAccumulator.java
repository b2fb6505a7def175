package io.mlctl.quality;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Streaming, mergeable counts of a multiclass model's predictions against their labels (per class: actual count,
 * predicted count, correct count); memory grows with the number of classes only.
 */
public final class MulticlassAccumulator {
    private final Map<String, long[]> perClass = new HashMap<>();
    private long n;
    private long correct;

    private static final int ACTUAL = 0;
    private static final int PREDICTED = 1;
    private static final int CORRECT = 2;

    public void add(String predicted, String actual) {
        if (predicted == null || actual == null) {
            throw new IllegalArgumentException("a class label is null");
        }
        n++;
        counts(actual)[ACTUAL]++;
        counts(predicted)[PREDICTED]++;
        if (predicted.equals(actual)) {
            correct++;
            counts(actual)[CORRECT]++;
        }
    }

    public void merge(MulticlassAccumulator other) {
        n += other.n;
        correct += other.correct;
        other.perClass.forEach((c, o) -> {
            long[] mine = counts(c);
            for (int k = 0; k < mine.length; k++) {
                mine[k] += o[k];
            }
        });
    }

    public long n() {
        return n;
    }

    public MulticlassMetrics metrics() {
        List<String> classes = new ArrayList<>(new TreeSet<>(perClass.keySet()));
        List<Double> f1 = new ArrayList<>(classes.size());
        Sum sum = new Sum();
        for (String c : classes) {
            long[] k = perClass.get(c);
            // TP = correct, FP = predicted - correct, FN = actual - correct: 2TP + FP + FN = actual + predicted
            double f = ConfusionMatrix.ratio(2.0 * k[CORRECT], (double) k[ACTUAL] + k[PREDICTED]);
            f1.add(f);
            sum.add(f);
        }
        double accuracy = n == 0 ? Double.NaN : (double) correct / n;
        double macro = classes.isEmpty() ? Double.NaN : sum.value() / classes.size();
        return new MulticlassMetrics(n, accuracy, macro, List.copyOf(classes), List.copyOf(f1));
    }

    public static MulticlassMetrics of(String[] predicted, String[] actual) {
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException(predicted.length + " predictions but " + actual.length + " labels");
        }
        MulticlassAccumulator acc = new MulticlassAccumulator();
        for (int i = 0; i < predicted.length; i++) {
            acc.add(predicted[i], actual[i]);
        }
        return acc.metrics();
    }

    private long[] counts(String c) {
        return perClass.computeIfAbsent(c, x -> new long[3]);
    }
}
