package io.mlctl.quality;

/**
 * Realized metrics of a regression model, e = y - prediction:
 * MAE = mean |e|; RMSE = sqrt(mean e^2); MAPE = mean over rows with y != 0 of |e| / |y| (a fraction, not percent;
 * NaN when every y is 0); R^2 = 1 - sum e^2 / sum (y - mean y)^2 (NaN when all y are equal). NaN without rows.
 *
 * @param mapeRows the rows MAPE is computed over (y != 0)
 */
public record RegressionMetrics(long n, double mae, double rmse, double mape, long mapeRows, double r2) {
}
