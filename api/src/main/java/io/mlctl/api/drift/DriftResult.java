package io.mlctl.api.drift;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The drift of a dataset against its reference: {@code mlctl drift compare --output json} prints exactly this, and
 * the control plane's drift reports carry it.
 *
 * @param features     one row per feature (and the prediction)
 * @param driftShare   drifted features / features with data to compare (0 when none had data)
 * @param datasetDrift whether that share reached the dataset threshold (0.5 unless configured)
 */
@Serdeable
public record DriftResult(List<FeatureDriftResult> features,
                          @JsonProperty("drift_share") double driftShare,
                          @JsonProperty("dataset_drift") boolean datasetDrift) {
}
