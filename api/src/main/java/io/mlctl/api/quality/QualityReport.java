package io.mlctl.api.quality;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * {@code GET /api/v1/models/{name}/quality?version=V}: the version's windows of prediction time, newest first, with
 * the schema's task. The JSON of {@code mlctl quality status --output json}.
 */
@Serdeable
public record QualityReport(String model, int version, String task, List<QualityWindow> items) {
}
