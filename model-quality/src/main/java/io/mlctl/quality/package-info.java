/**
 * Model-quality statistics, pure Java: realized metrics of binary, multiclass and regression models from predictions
 * joined to their labels, and label-free estimates (CBPE) for binary models with calibrated scores.
 *
 * <p>Two shapes, as in DataSketches: streaming accumulators that are O(1) per row and mergeable
 * ({@link io.mlctl.quality.BinaryAccumulator}, {@link io.mlctl.quality.ExpectedConfusion},
 * {@link io.mlctl.quality.CalibrationBins}, {@link io.mlctl.quality.MulticlassAccumulator},
 * {@link io.mlctl.quality.RegressionAccumulator}) for everything that is a sum of counts, and rank statistics that
 * need every score and one sort, O(n log n) ({@link io.mlctl.quality.RankedScores} for ROC AUC with its DeLong
 * interval, average precision and the ROC curve; {@link io.mlctl.quality.ExpectedRocAuc} for the CBPE estimate).
 * {@link io.mlctl.quality.BinaryColumns} keeps a window's scores and labels so both can be computed exactly.
 *
 * <p>Accumulators and columns are not thread-safe: one per window or shard, merged by one thread.
 *
 * <p>Undefined values are {@code NaN} (never an exception): ROC AUC and average precision without a positive or
 * without a negative label, every mean over zero rows. Precision, recall and F1 count 0/0 as 0. Formulas and
 * conventions: docs/QUALITY.md.
 */
package io.mlctl.quality;
