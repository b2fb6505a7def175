package io.mlctl.api.drift;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * The drift of one closed window of a model version against its reference profile
 * ({@code GET /api/v1/drift/reports/{id}}, {@code GET /api/v1/models/{name}/drift}).
 *
 * @param granularity     {@code window} (the server's --drift-window), or a roll-up: {@code hour}, {@code day}
 * @param rows            sample rows in the window
 * @param driftShare      drifted features / features with data
 * @param drifted         names of the drifted features
 * @param features        one row per feature and the prediction ({@code __prediction__}), exactly as
 *                        {@code mlctl drift compare --output json}; left out of list answers
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriftReport(long id,
                          String model,
                          int version,
                          String granularity,
                          Instant windowStart,
                          Instant windowEnd,
                          long rows,
                          boolean datasetDrift,
                          double driftShare,
                          List<String> drifted,
                          long referenceId,
                          Instant createdAt,
                          @Nullable List<FeatureDriftResult> features) {

    public DriftReport withoutFeatures() {
        return new DriftReport(id, model, version, granularity, windowStart, windowEnd, rows, datasetDrift,
                driftShare, drifted, referenceId, createdAt, null);
    }
}
