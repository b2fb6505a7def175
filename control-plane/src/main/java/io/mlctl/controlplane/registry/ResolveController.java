package io.mlctl.controlplane.registry;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.mlctl.api.registry.ModelVersion;
import io.mlctl.controlplane.security.Roles;
import io.mlctl.registry.model.VersionService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code GET /api/v1/resolve?uri=models:/fraud@production}: the version a model URI names. */
@Controller("/api/v1/resolve")
@Secured(Roles.VIEWER)
@Tag(name = "versions")
public class ResolveController {
    private final VersionService versions;

    public ResolveController(VersionService versions) {
        this.versions = versions;
    }

    @Get
    @Operation(summary = "Resolve models:/NAME@ALIAS, models:/NAME/VERSION or models:/NAME/latest to the version")
    public ModelVersion resolve(@QueryValue String uri) {
        return versions.resolve(uri);
    }
}
