package io.mlctl.controlplane.quality;

import io.micronaut.core.annotation.Nullable;
import io.mlctl.api.quality.QualityReport;
import io.mlctl.api.quality.QualityWindow;
import io.mlctl.quality.ReliabilityBin;
import io.mlctl.quality.RocPoint;

import java.util.List;

/**
 * What the quality page shows: the windows (as {@code GET .../quality} answers them) and, for a binary task, the ROC
 * curve and reliability table of the newest window with labels ({@code charted}; null when no window has labels or
 * the task is not binary, and then the lists are empty).
 *
 * @param ece the charted window's expected calibration error (NaN without one)
 */
public record QualityPageData(QualityReport report, @Nullable QualityWindow charted, List<RocPoint> roc,
                              List<ReliabilityBin> reliability, double ece) {
}
