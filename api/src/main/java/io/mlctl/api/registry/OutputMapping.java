package io.mlctl.api.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Where the prediction is found in a model server's response (a schema's {@code output}): an OIP output
 * {@code tensor} or a {@code field} of each prediction object, and within it the column {@code index}, or with
 * {@code argmax: true} the position of the largest value (for an object of label scores, its label).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutputMapping(@Nullable String tensor,
                            @Nullable Integer index,
                            @Nullable String field,
                            @Nullable Boolean argmax) {

    public boolean argmaxed() {
        return Boolean.TRUE.equals(argmax);
    }
}
