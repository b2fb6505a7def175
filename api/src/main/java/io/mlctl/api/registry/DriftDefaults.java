package io.mlctl.api.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** The statistics computed for every numeric and every categorical feature, and the default number of bins. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriftDefaults(@Nullable List<String> numeric, @Nullable List<String> categorical,
                            @Nullable Integer bins) {
}
