package io.mlctl.api.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A version's reference profile ({@code PUT|GET /api/v1/models/{name}/versions/{version}/profile}): what drift is
 * measured against. The prediction is the feature {@code __prediction__}.
 *
 * @param source {@code csv} or {@code ndjson}
 */
@Serdeable
public record ReferenceProfile(long id,
                               String model,
                               int version,
                               @Nullable String schema,
                               long rows,
                               String source,
                               Instant createdAt,
                               @Nullable String createdBy,
                               List<Feature> features) {

    /**
     * One feature's reference.
     *
     * @param mode       {@code exact} (every value kept) or {@code streaming} (quantile sketch)
     * @param edges      numeric: the interior bin edges fixed by this reference
     * @param categories categorical: the most frequent categories and their counts (at most 20)
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Feature(String name, String type, String mode, long count, @Nullable Double nullRate,
                          @Nullable Double min, @Nullable Double max, @Nullable List<Double> edges,
                          @Nullable Map<String, Long> categories) {
    }
}
