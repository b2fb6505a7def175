package io.mlctl.protocol;

import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.api.schema.SchemaFormat;
import io.mlctl.api.schema.SchemaParser;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds schemas and exchanges for the decoder tests. */
final class DecoderTesting {
    static final Instant TS = Instant.parse("2026-11-22T10:00:00Z");

    private DecoderTesting() {
    }

    static FeatureSchema schema(String yaml) {
        return SchemaParser.parse(yaml, SchemaFormat.YAML).schema();
    }

    static Exchange exchange(String path, String request, int status, String response) {
        return exchange(path, request, status, "application/json", response, 12.5, 12.5);
    }

    static Exchange exchange(String path, String request, int status, String responseType, String response,
                             double latencyMs, double ttftMs) {
        return new Exchange("POST", path, "application/json", request.getBytes(StandardCharsets.UTF_8), status,
                responseType, response.getBytes(StandardCharsets.UTF_8), "req-1", TS, latencyMs, ttftMs);
    }
}
