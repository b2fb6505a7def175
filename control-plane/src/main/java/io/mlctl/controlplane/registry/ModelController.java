package io.mlctl.controlplane.registry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.mlctl.api.common.Page;
import io.mlctl.api.registry.ModelCreateRequest;
import io.mlctl.api.registry.ModelUpdateRequest;
import io.mlctl.api.registry.RegisteredModel;
import io.mlctl.controlplane.security.Actors;
import io.mlctl.controlplane.security.Roles;
import io.mlctl.registry.model.ModelService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

import java.util.List;

/** {@code /api/v1/models}: registered models. */
@Controller("/api/v1/models")
@Secured(Roles.VIEWER)
@Tag(name = "models")
public class ModelController {
    private final ModelService models;

    public ModelController(ModelService models) {
        this.models = models;
    }

    @Post
    @Secured(Roles.EDITOR)
    @Operation(summary = "Register a model (name: lowercase DNS label, unique)")
    public HttpResponse<RegisteredModel> create(@Body @Valid ModelCreateRequest request,
                                                @Nullable Authentication authentication) {
        return HttpResponse.status(HttpStatus.CREATED).body(models.create(request, Actors.of(authentication)));
    }

    @Get
    @Operation(summary = "Search models by name substring, owner and tags (key or key=value, repeatable)")
    public Page<RegisteredModel> search(@Nullable @QueryValue String name, @Nullable @QueryValue String owner,
                                        @Nullable @QueryValue("tag") List<String> tag,
                                        @QueryValue(defaultValue = "0") @PositiveOrZero int page,
                                        @QueryValue(defaultValue = "50") @Min(1) @Max(1000) int size) {
        return models.search(name, owner, tag == null ? List.of() : tag, page, size);
    }

    @Get("/{name}")
    public RegisteredModel get(String name) {
        return models.get(name);
    }

    @Patch("/{name}")
    @Secured(Roles.EDITOR)
    @Operation(summary = "Change description, owner or tags (tags are replaced as a whole)")
    public RegisteredModel update(String name, @Body @Valid ModelUpdateRequest request,
                                  @Nullable Authentication authentication) {
        return models.update(name, request, Actors.of(authentication));
    }

    @Delete("/{name}")
    @Secured(Roles.ADMIN)
    @Operation(summary = "Delete a model with its versions and aliases; with aliases left, only with force=true")
    public RegisteredModel delete(String name, @QueryValue(defaultValue = "false") boolean force,
                                  @Nullable Authentication authentication) {
        return models.delete(name, force, Actors.of(authentication));
    }
}
