package io.mlctl.controlplane.registry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.mlctl.api.common.Page;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.registry.SchemaVersion;
import io.mlctl.api.registry.ModelRuntime;
import io.mlctl.api.registry.ModelVersion;
import io.mlctl.api.registry.VersionCreateRequest;
import io.mlctl.api.registry.VersionStatus;
import io.mlctl.api.registry.VersionUpdateRequest;
import io.mlctl.controlplane.security.Actors;
import io.mlctl.controlplane.security.Roles;
import io.mlctl.registry.model.VersionService;
import io.mlctl.registry.schema.SchemaService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

import java.util.List;

/** {@code /api/v1/models/{name}/versions}: versions of a model, numbered by the server. */
@Controller("/api/v1/models/{name}/versions")
@Secured(Roles.VIEWER)
@Tag(name = "versions")
public class VersionController {
    private final VersionService versions;
    private final SchemaService schemas;

    public VersionController(VersionService versions, SchemaService schemas) {
        this.versions = versions;
        this.schemas = schemas;
    }

    @Post
    @Secured(Roles.EDITOR)
    @Operation(summary = "Register the next version (schema: name@N or name for its newest version)")
    public HttpResponse<ModelVersion> register(String name, @Body @Valid VersionCreateRequest request,
                                               @Nullable Authentication authentication) {
        return HttpResponse.status(HttpStatus.CREATED).body(versions.register(name, request, Actors.of(authentication)));
    }

    @Get
    @Operation(summary = "Versions, newest first; filter by status, runtime and tags (key or key=value, repeatable)")
    public Page<ModelVersion> search(String name, @Nullable @QueryValue VersionStatus status,
                                     @Nullable @QueryValue ModelRuntime runtime,
                                     @Nullable @QueryValue("tag") List<String> tag,
                                     @QueryValue(defaultValue = "0") @PositiveOrZero int page,
                                     @QueryValue(defaultValue = "50") @Min(1) @Max(1000) int size) {
        return versions.search(name, status, runtime, tag == null ? List.of() : tag, page, size);
    }

    @Get("/{version}")
    public ModelVersion get(String name, int version) {
        return versions.get(name, version);
    }

    /**
     * The feature schema the version names, for the data plane: an inference logger (or any sender) holding only an
     * ingest token, which may read nothing else, needs it to map requests to features.
     */
    @Get("/{version}/schema")
    @Secured({Roles.VIEWER, Roles.INGEST})
    @Operation(summary = "The version's feature schema (readable with an ingest token too: the logger maps requests "
            + "by it); 404 when the version has none")
    public SchemaVersion schema(String name, int version) {
        String ref = versions.get(name, version).schema();
        if (ref == null) {
            throw ProblemException.notFound("version " + name + "/" + version + " has no feature schema");
        }
        int at = ref.lastIndexOf('@');
        return schemas.get(ref.substring(0, at), Integer.valueOf(ref.substring(at + 1)));
    }

    @Patch("/{version}")
    @Secured(Roles.EDITOR)
    @Operation(summary = "Change description, tags (replaced), metrics (merged) or status")
    public ModelVersion update(String name, int version, @Body @Valid VersionUpdateRequest request,
                               @Nullable Authentication authentication) {
        return versions.update(name, version, request, Actors.of(authentication));
    }
}
