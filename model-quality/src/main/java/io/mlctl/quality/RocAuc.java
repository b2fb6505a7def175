package io.mlctl.quality;

/**
 * ROC AUC with its DeLong standard error and 95% interval.
 *
 * <p>All values are NaN when there is no positive or no negative label (AUC undefined); the error and interval are
 * NaN when there is exactly one of either (the sample variances need two).
 *
 * @param auc            Mann-Whitney U / (n_pos n_neg), ties counted half
 * @param standardError  sqrt(S10 / n_pos + S01 / n_neg), DeLong et al. (1988)
 * @param lower          max(0, auc - z se), z = Phi^-1(0.975)
 * @param upper          min(1, auc + z se)
 */
public record RocAuc(double auc, double standardError, double lower, double upper, long positives, long negatives) {

    static RocAuc undefined(long positives, long negatives) {
        return new RocAuc(Double.NaN, Double.NaN, Double.NaN, Double.NaN, positives, negatives);
    }
}
