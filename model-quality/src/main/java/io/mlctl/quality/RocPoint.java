package io.mlctl.quality;

/**
 * One point of a ROC curve: predicting positive when score >= threshold gives this false and true positive rate.
 * The curve starts at (0, 0) with threshold +Infinity.
 */
public record RocPoint(double threshold, double fpr, double tpr) {
}
