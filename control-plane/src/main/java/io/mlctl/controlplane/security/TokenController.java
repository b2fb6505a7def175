package io.mlctl.controlplane.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.mlctl.api.common.Page;
import io.mlctl.api.security.CreatedToken;
import io.mlctl.api.security.TokenCreateRequest;
import io.mlctl.api.security.TokenInfo;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;


/** {@code /api/v1/tokens}: admin only. */
@Controller("/api/v1/tokens")
@Secured(Roles.ADMIN)
@Tag(name = "tokens")
public class TokenController {
    private final TokenService tokens;

    public TokenController(TokenService tokens) {
        this.tokens = tokens;
    }

    @Post
    @Operation(summary = "Create a token; the answer is the only time its secret is shown")
    public HttpResponse<CreatedToken> create(@Body @Valid TokenCreateRequest request,
                                             @Nullable Authentication authentication) {
        CreatedToken created = tokens.create(request.name().trim(), request.role(), request.description(),
                request.model(), Actors.of(authentication));
        return HttpResponse.status(HttpStatus.CREATED).body(created);
    }

    @Get
    @Operation(summary = "List tokens (never their secrets), oldest first")
    public Page<TokenInfo> list(@QueryValue(defaultValue = "0") @PositiveOrZero int page,
                                @QueryValue(defaultValue = "50") @Min(1) @Max(1000) int size) {
        return tokens.list(page, size);
    }

    @Delete("/{id}")
    @Operation(summary = "Revoke a token")
    public TokenInfo revoke(long id, @Nullable Authentication authentication) {
        return tokens.revoke(id, Actors.of(authentication));
    }
}
