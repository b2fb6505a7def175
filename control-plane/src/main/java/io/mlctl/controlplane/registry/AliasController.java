package io.mlctl.controlplane.registry;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.mlctl.api.common.Page;
import io.mlctl.api.registry.Alias;
import io.mlctl.api.registry.AliasChange;
import io.mlctl.api.registry.AliasSetRequest;
import io.mlctl.controlplane.security.Actors;
import io.mlctl.controlplane.security.Roles;
import io.mlctl.registry.model.AliasService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

import java.util.List;

/** {@code /api/v1/models/{name}/aliases}: aliases and their history. */
@Controller("/api/v1/models/{name}/aliases")
@Secured(Roles.VIEWER)
@Tag(name = "aliases")
public class AliasController {
    private final AliasService aliases;

    public AliasController(AliasService aliases) {
        this.aliases = aliases;
    }

    @Get
    public List<Alias> list(String name) {
        return aliases.list(name);
    }

    @Get("/{alias}")
    public Alias get(String name, String alias) {
        return aliases.get(name, alias);
    }

    @Put("/{alias}")
    @Secured(Roles.EDITOR)
    @Operation(summary = "Point the alias at a READY version (atomic; expectedVersion makes it a compare-and-set)")
    public Alias set(String name, String alias, @Body @Valid AliasSetRequest request,
                     @Nullable Authentication authentication) {
        return aliases.set(name, alias, request, Actors.of(authentication));
    }

    @Delete("/{alias}")
    @Secured(Roles.EDITOR)
    public Alias delete(String name, String alias, @Nullable Authentication authentication) {
        return aliases.delete(name, alias, Actors.of(authentication));
    }

    @Get("/{alias}/history")
    @Operation(summary = "Every move of the alias, oldest first")
    public Page<AliasChange> history(String name, String alias,
                                     @QueryValue(defaultValue = "0") @PositiveOrZero int page,
                                     @QueryValue(defaultValue = "50") @Min(1) @Max(1000) int size) {
        return aliases.history(name, alias, page, size);
    }
}
