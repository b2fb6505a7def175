package io.mlctl.quality;

import java.util.List;

/**
 * Realized metrics of a multiclass model: accuracy and the macro F1, the unweighted mean over the union of the
 * actual and predicted classes of F1_c = 2 TP_c / (2 TP_c + FP_c + FN_c). NaN without rows.
 *
 * @param classes the union of actual and predicted classes, sorted
 * @param f1      F1 per class, in the order of {@code classes}
 */
public record MulticlassMetrics(long n, double accuracy, double macroF1, List<String> classes, List<Double> f1) {
}
