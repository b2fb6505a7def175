package io.mlctl.api.common;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** One page of a list answer: {@code page} is 0-based, {@code total} counts all matches. */
@Serdeable
public record Page<T>(List<T> items, int page, int size, long total) {
}
