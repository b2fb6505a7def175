package io.mlctl.controlplane.ingest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.mlctl.api.ingest.IngestResult;
import io.mlctl.controlplane.security.Actors;
import io.mlctl.controlplane.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.io.InputStream;

/**
 * {@code POST /api/v1/models/{name}/versions/{version}/samples}: NDJSON prediction and feature samples (ingest tokens,
 * editors and admins).
 */
@Controller("/api/v1/models/{name}/versions/{version}")
@Secured(Roles.INGEST)
@Tag(name = "monitoring")
public class SamplesController {
    public static final String NDJSON = "application/x-ndjson";
    private final IngestService ingest;

    public SamplesController(IngestService ingest) {
        this.ingest = ingest;
    }

    @Post(uri = "/samples", consumes = {NDJSON, "application/jsonl", "application/json", "text/plain"})
    @Operation(summary = "Ingest a batch of samples (NDJSON, one {ts, features, prediction} object per line)",
            description = "The batch is validated against the version's feature schema and stored durably before "
                    + "the answer. Rows that break the schema are rejected with their line number and reason; the "
                    + "whole batch is rejected (422) unless partial=true. A repeated Idempotency-Key is acknowledged "
                    + "again and counted once.")
    public IngestResult ingest(String name, int version,
                               @Parameter(description = "one unique key per batch") @Nullable
                               @Header("Idempotency-Key") String idempotencyKey,
                               @QueryValue(defaultValue = "false") boolean partial,
                               @Body InputStream body,
                               @Nullable Authentication authentication) {
        return ingest.ingest(name, version, idempotencyKey, partial, body, Actors.of(authentication));
    }
}
