package io.mlctl.controlplane.quality;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.reader.TokenReader;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a bearer token from {@code ?access_token=} (RFC 6750, section 2.3) on GETs of the quality page only, for
 * browsers, which cannot send an Authorization header; every other path ignores the parameter (the page answers
 * {@code Referrer-Policy: no-referrer} and {@code Cache-Control: no-store} so the URL is not passed on or cached).
 */
@Singleton
public class QualityPageTokenReader implements TokenReader<HttpRequest<?>> {
    private static final Pattern PAGE = Pattern.compile("/models/[^/]+/quality");

    @Override
    public Optional<String> findToken(HttpRequest<?> request) {
        if (request.getMethod() != HttpMethod.GET || !PAGE.matcher(request.getPath()).matches()) {
            return Optional.empty();
        }
        return request.getParameters().getFirst("access_token").filter(t -> !t.isBlank());
    }

    @Override
    public int getOrder() {
        // after the Authorization header reader: a header wins when both are present
        return LOWEST_PRECEDENCE;
    }
}
