package io.mlctl.controlplane.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.mlctl.api.common.Problem;
import jakarta.inject.Singleton;

/**
 * Takes every runtime exception no more specific handler claims, so that Micronaut does not log each one at ERROR
 * with its stack trace before the answer: a database outage becomes 503 (logged once per outage with a count by
 * {@link DatabaseFailures}), anything else a 500 with a log reference (ProblemResponseProcessor).
 */
@Singleton
@Produces(Problem.MEDIA_TYPE)
public final class UnhandledExceptionHandler implements ExceptionHandler<RuntimeException, HttpResponse<Problem>> {
    private final ProblemResponseProcessor processor;

    public UnhandledExceptionHandler(ProblemResponseProcessor processor) {
        this.processor = processor;
    }

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, RuntimeException exception) {
        HttpStatus status = DatabaseFailures.isUnavailable(exception) ? HttpStatus.SERVICE_UNAVAILABLE
                : HttpStatus.INTERNAL_SERVER_ERROR;
        return processor.processResponse(ErrorContext.builder(request).cause(exception).build(),
                HttpResponse.status(status));
    }
}
