package io.mlctl.api.quality;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * {@code GET /api/v1/models/{name}/quality/compare?baseline=B&candidate=C}: the two versions' realized quality on the
 * same labelled requests (a shadow logs both versions' predictions under the same request ids), so the difference is
 * the models' and not the traffic's. A request counts when both versions logged a usable prediction for it and it has
 * a label (each version's own label, or the other version's when only one was labelled: a request has one truth).
 *
 * @param pairs      labelled requests both versions predicted
 * @param baseline   the baseline's metrics over those requests (named per task as in {@link QualityWindow}); absent
 *                   without pairs
 * @param candidate  the candidate's metrics over the same requests
 * @param difference candidate minus baseline per metric both define
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QualityComparison(String model,
                                int baselineVersion,
                                int candidateVersion,
                                String task,
                                long pairs,
                                @Nullable Map<String, Object> baseline,
                                @Nullable Map<String, Object> candidate,
                                @Nullable Map<String, Double> difference) {
}
