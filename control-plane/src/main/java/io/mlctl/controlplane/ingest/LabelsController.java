package io.mlctl.controlplane.ingest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.mlctl.api.quality.LabelResult;
import io.mlctl.controlplane.security.Actors;
import io.mlctl.controlplane.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.io.InputStream;

/**
 * {@code POST /api/v1/models/{name}/versions/{version}/labels}: NDJSON labels joined to the predictions logged under
 * the same request id (ingest tokens, editors and admins).
 */
@Controller("/api/v1/models/{name}/versions/{version}")
@Secured(Roles.INGEST)
@Tag(name = "monitoring")
public class LabelsController {
    private final LabelService labels;

    public LabelsController(LabelService labels) {
        this.labels = labels;
    }

    @Post(uri = "/labels", consumes = {SamplesController.NDJSON, "application/jsonl", "application/json",
            "text/plain"})
    @Operation(summary = "Ingest a batch of labels (NDJSON, one {request_id, label, ts} object per line)",
            description = "Each label is joined to the prediction logged under the same request id and replaces an "
                    + "earlier label of that request. Labels for unknown request ids (unmatched) or predictions "
                    + "older than the label horizon (expired) are counted, not stored. Rows with errors reject the "
                    + "batch (422) unless partial=true. A repeated Idempotency-Key changes nothing.")
    public LabelResult ingest(String name, int version,
                              @Parameter(description = "one unique key per batch") @Nullable
                              @Header("Idempotency-Key") String idempotencyKey,
                              @QueryValue(defaultValue = "false") boolean partial,
                              @Body InputStream body,
                              @Nullable Authentication authentication) {
        return labels.ingest(name, version, idempotencyKey, partial, body, Actors.of(authentication));
    }
}
