package io.mlctl.controlplane.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import io.mlctl.api.security.Role;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Checks {@code Authorization: Bearer <token>} against the token table for micronaut-security; an unknown or
 * revoked token yields no authentication (401 on protected routes). A token checked in the last few seconds is
 * answered from memory; otherwise the lookup is blocking JDBC, so it runs on the blocking executor, never on the
 * event loop.
 */
@Singleton
public final class ApiTokenValidator implements TokenValidator<HttpRequest<?>> {
    public static final String TOKEN_ID = "tokenId";
    public static final String ROLE = "role";
    /** The one model an ingest token is limited to (absent when it is not). */
    public static final String MODEL = "model";

    private final TokenService tokens;
    private final Scheduler scheduler;

    public ApiTokenValidator(TokenService tokens, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.tokens = tokens;
        this.scheduler = Schedulers.fromExecutorService(blocking);
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        var recent = tokens.cached(token);
        if (recent.isPresent()) {
            return Mono.just(authentication(recent.get()));
        }
        return Mono.fromCallable(() -> tokens.authenticate(token).map(ApiTokenValidator::authentication).orElse(null))
                .subscribeOn(scheduler);
    }

    static Authentication authentication(TokenEntity t) {
        var roles = Arrays.stream(Role.values()).filter(t.role()::includes).map(Role::name).toList();
        Map<String, Object> attributes = t.model() == null
                ? Map.of(TOKEN_ID, t.id(), ROLE, t.role().name())
                : Map.of(TOKEN_ID, t.id(), ROLE, t.role().name(), MODEL, t.model());
        return Authentication.build(t.actor(), roles, attributes);
    }
}
