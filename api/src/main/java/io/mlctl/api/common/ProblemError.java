package io.mlctl.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One entry of a problem's {@code errors} extension member: where (line of an uploaded document or NDJSON body,
 * and/or field path) and why.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemError(@Nullable Integer line, @Nullable String field, String reason) {

    public static ProblemError field(String field, String reason) {
        return new ProblemError(null, field, reason);
    }

    public static ProblemError line(int line, String reason) {
        return new ProblemError(line, null, reason);
    }
}
