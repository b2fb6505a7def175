package io.mlctl.controlplane.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecuredAnnotationRule;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import io.mlctl.api.security.Role;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs before the role checks and only ever narrows them (403):
 * <ul>
 *   <li>a token limited to one model reaches nothing outside {@code /api/v1/models/<that model>/...};</li>
 *   <li>a token read from the URL ({@code ?token=}, see {@link IngestTokenReader}) must be an ingest token: a
 *       viewer, editor or admin secret in a URL would sit in access logs with far more power than the path needs.</li>
 * </ul>
 */
@Singleton
public class ModelScopeRule implements SecurityRule<HttpRequest<?>> {
    private static final Pattern MODEL_PATH = Pattern.compile("/api/v1/models/([^/]+)(/.*)?");

    @Override
    public Publisher<SecurityRuleResult> check(@Nullable HttpRequest<?> request,
                                               @Nullable Authentication authentication) {
        if (request == null || authentication == null) {
            return Mono.just(SecurityRuleResult.UNKNOWN);
        }
        Object scope = authentication.getAttributes().get(ApiTokenValidator.MODEL);
        if (scope != null) {
            Matcher m = MODEL_PATH.matcher(request.getPath());
            if (!m.matches() || !m.group(1).equals(scope)) {
                return Mono.just(SecurityRuleResult.REJECTED);
            }
        }
        if (IngestTokenReader.fromQuery(request).isPresent()
                && request.getHeaders().get(HttpHeaders.AUTHORIZATION) == null
                && !Role.ingest.name().equals(authentication.getAttributes().get(ApiTokenValidator.ROLE))) {
            return Mono.just(SecurityRuleResult.REJECTED);
        }
        return Mono.just(SecurityRuleResult.UNKNOWN);
    }

    @Override
    public int getOrder() {
        return SecuredAnnotationRule.ORDER - 100;
    }
}
