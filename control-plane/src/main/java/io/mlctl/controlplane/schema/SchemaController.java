package io.mlctl.controlplane.schema;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.mlctl.api.common.Page;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.registry.CompatibilityReport;
import io.mlctl.api.registry.Names;
import io.mlctl.api.registry.SchemaSummary;
import io.mlctl.api.registry.SchemaVersion;
import io.mlctl.controlplane.security.Actors;
import io.mlctl.controlplane.security.Roles;
import io.mlctl.api.schema.SchemaFormat;
import io.mlctl.registry.schema.SchemaService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

/** {@code /api/v1/schemas}: feature schemas, immutable named versions ({@code fraud-features@3}). */
@Controller("/api/v1/schemas")
@Secured(Roles.VIEWER)
@Tag(name = "schemas")
public class SchemaController {
    private final SchemaService schemas;

    public SchemaController(SchemaService schemas) {
        this.schemas = schemas;
    }

    @Post
    @Secured(Roles.EDITOR)
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "application/json"})
    @Operation(summary = "Push a schema document (YAML or JSON); 201 with the new version and its compatibility "
            + "report, or 200 with the newest version when nothing changed")
    public HttpResponse<SchemaVersion> push(@Body String document, @Header(HttpHeaders.CONTENT_TYPE) String contentType,
                                            @QueryValue(defaultValue = "false") boolean requireCompatible,
                                            @Nullable Authentication authentication) {
        SchemaService.Pushed pushed = schemas.push(document, SchemaFormat.ofContentType(contentType),
                requireCompatible, Actors.of(authentication));
        return HttpResponse.status(pushed.created() ? HttpStatus.CREATED : HttpStatus.OK).body(pushed.version());
    }

    @Get
    @Operation(summary = "Schema names with their newest version; name filters by substring")
    public Page<SchemaSummary> list(@Nullable @QueryValue String name,
                                    @QueryValue(defaultValue = "0") @PositiveOrZero int page,
                                    @QueryValue(defaultValue = "50") @Min(1) @Max(1000) int size) {
        return schemas.list(name, page, size);
    }

    @Get("/{name}")
    @Operation(summary = "Every version of a schema, newest first")
    public Page<SchemaVersion> versions(String name, @QueryValue(defaultValue = "0") @PositiveOrZero int page,
                                        @QueryValue(defaultValue = "50") @Min(1) @Max(1000) int size) {
        return schemas.versions(name, page, size);
    }

    @Get("/{name}/{version}")
    @Operation(summary = "One version (a number, or latest)")
    public SchemaVersion get(String name, String version) {
        return schemas.get(name, number(version));
    }

    @Get("/{name}/{version}/diff")
    @Operation(summary = "Compatibility of a version against another (default: the previous one)")
    public CompatibilityReport diff(String name, String version, @Nullable @QueryValue Integer against) {
        Integer v = number(version);
        return schemas.diff(name, v == null ? schemas.get(name, null).version() : v, against);
    }

    private static Integer number(String version) {
        if (Names.LATEST.equals(version)) {
            return null;
        }
        if (!version.matches("[1-9][0-9]{0,8}")) {
            throw ProblemException.badRequest("schema version '" + version + "' is not a number or 'latest'");
        }
        return Integer.parseInt(version);
    }
}
