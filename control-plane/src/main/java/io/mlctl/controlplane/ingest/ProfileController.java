package io.mlctl.controlplane.ingest;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.format.ReadableBytes;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.ingest.ReferenceProfile;
import io.mlctl.controlplane.security.Actors;
import io.mlctl.controlplane.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.io.InputStream;
import java.util.Locale;

/** {@code PUT|GET /api/v1/models/{name}/versions/{version}/profile}: the reference profile drift is measured against. */
@Controller("/api/v1/models/{name}/versions/{version}/profile")
@Tag(name = "monitoring")
public class ProfileController {
    private final ReferenceProfiles profiles;
    private final long maxUploadBytes;

    public ProfileController(ReferenceProfiles profiles,
                             @Value("${mlctl.ingest.max-upload-bytes:16GB}") @ReadableBytes long maxUploadBytes) {
        this.profiles = profiles;
        this.maxUploadBytes = maxUploadBytes;
    }

    @Put(consumes = {"text/csv", SamplesController.NDJSON, "application/jsonl", "application/octet-stream",
            "text/plain"})
    @Secured(Roles.EDITOR)
    @Operation(summary = "Upload the reference (training) data of a version, CSV or NDJSON, streamed",
            description = "Builds the reference profile of every schema feature and of the prediction "
                    + "(__prediction__) as the file streams in; numeric bins are fixed here. CSV needs a header row "
                    + "naming the features and the prediction column (its schema name or 'prediction').")
    public ReferenceProfile upload(String name, int version,
                                   @Nullable @Header(HttpHeaders.CONTENT_TYPE) String contentType,
                                   @Nullable @QueryValue String format,
                                   @Body InputStream body, @Nullable Authentication authentication) {
        return profiles.upload(name, version, format(format, contentType), body, maxUploadBytes,
                Actors.of(authentication));
    }

    @Get
    @Secured(Roles.VIEWER)
    @Operation(summary = "The current reference profile of a version: per feature its count, null rate, bins or "
            + "top categories")
    public ReferenceProfile get(String name, int version) {
        return profiles.current(name, version);
    }

    static String format(@Nullable String format, @Nullable String contentType) {
        String f = format;
        if (f == null && contentType != null) {
            String ct = contentType.toLowerCase(Locale.ROOT);
            f = ct.startsWith("text/csv") ? "csv" : ct.contains("ndjson") || ct.contains("jsonl") ? "ndjson" : null;
        }
        if (f == null) {
            throw ProblemException.badRequest("say what the file is: Content-Type text/csv or application/x-ndjson, "
                    + "or ?format=csv|ndjson");
        }
        f = f.toLowerCase(Locale.ROOT);
        if (!f.equals("csv") && !f.equals("ndjson")) {
            throw ProblemException.badRequest("format must be csv or ndjson, not '" + f + "'");
        }
        return f;
    }
}
