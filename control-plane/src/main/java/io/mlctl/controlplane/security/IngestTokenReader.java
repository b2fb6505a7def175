package io.mlctl.controlplane.security;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.reader.TokenReader;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a token from the {@code token} query parameter on {@code POST .../models/{m}/versions/{v}/cloudevents}
 * only: KServe's payload logger posts to a configured URL and cannot add an Authorization header. Every other path
 * ignores the parameter, so secrets stay out of URLs elsewhere; {@link ModelScopeRule} admits only ingest tokens
 * read this way.
 */
@Singleton
public class IngestTokenReader implements TokenReader<HttpRequest<?>> {
    static final String PARAMETER = "token";
    private static final Pattern CLOUDEVENTS = Pattern.compile("/api/v1/models/[^/]+/versions/[^/]+/cloudevents");

    @Override
    public Optional<String> findToken(HttpRequest<?> request) {
        return fromQuery(request);
    }

    static Optional<String> fromQuery(HttpRequest<?> request) {
        if (request.getMethod() != HttpMethod.POST || !CLOUDEVENTS.matcher(request.getPath()).matches()) {
            return Optional.empty();
        }
        return request.getParameters().getFirst(PARAMETER).filter(t -> !t.isBlank());
    }

    @Override
    public int getOrder() {
        // after the Authorization header reader: a header wins when both are present
        return LOWEST_PRECEDENCE;
    }
}
