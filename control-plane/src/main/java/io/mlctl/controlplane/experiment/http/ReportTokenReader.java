package io.mlctl.controlplane.experiment.http;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.reader.TokenReader;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a bearer token from the {@code access_token} query parameter (RFC 6750, section 2.3), for GETs of the HTML
 * report page only: that is the one page people open in a browser, which cannot send an Authorization header. Every
 * other path ignores the parameter, so tokens stay out of URLs elsewhere; the page answers with
 * {@code Referrer-Policy: no-referrer} and {@code Cache-Control: no-store} so the URL is not passed on or cached.
 */
@Singleton
public class ReportTokenReader implements TokenReader<HttpRequest<?>> {
    static final String PARAMETER = "access_token";
    private static final Pattern REPORT_PAGE = Pattern.compile("/experiments/[^/]+/report");

    @Override
    public Optional<String> findToken(HttpRequest<?> request) {
        if (request.getMethod() != HttpMethod.GET || !REPORT_PAGE.matcher(request.getPath()).matches()) {
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
