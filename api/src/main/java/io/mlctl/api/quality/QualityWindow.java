package io.mlctl.api.quality;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Map;

/**
 * The quality of one window of prediction time: how many predictions it holds, how many of them have a label
 * ({@code coverage} = labeled / predictions), the realized metrics over the labelled ones (named per task, docs/DESIGN.md
 * "Model quality"; absent without labels) and, for binary models, the CBPE estimates over all its predictions.
 * A metric that is undefined on the window's data (e.g. ROC AUC with one class) is null; {@code roc_auc_ci95} is
 * {@code [lower, upper]}.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QualityWindow(Instant windowStart,
                            Instant windowEnd,
                            long predictions,
                            long labeled,
                            double coverage,
                            @Nullable Map<String, Object> metrics,
                            @Nullable Map<String, Object> estimated) {
}
