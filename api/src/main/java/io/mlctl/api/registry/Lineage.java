package io.mlctl.api.registry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Where a version came from: training run, dataset, code commit, the version it was derived from (same model), and
 * the retrain trigger that produced it ({@code triggeredBy}, set by retrain pipelines), and a link to the training
 * run in the tracking server that holds it ({@code runLink}, MLflow's {@code run_link}).
 */
@Serdeable
public record Lineage(@Nullable @Size(max = 200) String runId,
                      @Nullable @Size(max = 2000) String datasetUri,
                      @Nullable @Size(max = 64) String gitCommit,
                      @Nullable @Positive Integer parentVersion,
                      @Nullable @Size(max = 200) String triggeredBy,
                      @Nullable @Size(max = 2000) String runLink) {
}
