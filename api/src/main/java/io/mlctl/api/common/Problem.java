package io.mlctl.api.common;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem document ({@code application/problem+json}), the body of every error answer.
 * {@code type} is {@code about:blank} (the status says it all) unless a feature defines a more specific one;
 * {@code errors} lists row- or field-level reasons; {@code extensions} holds any further members a feature needs
 * (for example {@code {"retryAfterSeconds": 5}}); they are written as top-level members of the document, as RFC 9457
 * defines extension members, not nested under a key.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type,
                      String title,
                      int status,
                      @Nullable String detail,
                      @Nullable String instance,
                      @Nullable List<ProblemError> errors,
                      @JsonAnyGetter @Nullable Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String ABOUT_BLANK = "about:blank";
}
