package io.mlctl.controlplane.web;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.mlctl.api.common.Problem;
import io.mlctl.api.common.ProblemException;
import jakarta.inject.Singleton;

/** Routes {@link ProblemException} (thrown by any feature) to {@link ProblemResponseProcessor}. */
@Singleton
@Produces(Problem.MEDIA_TYPE)
@Requires(classes = {ProblemException.class, ExceptionHandler.class})
public final class ProblemExceptionHandler implements ExceptionHandler<ProblemException, HttpResponse<Problem>> {
    private final ProblemResponseProcessor processor;

    public ProblemExceptionHandler(ProblemResponseProcessor processor) {
        this.processor = processor;
    }

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, ProblemException exception) {
        return processor.processResponse(ErrorContext.builder(request).cause(exception).build(),
                HttpResponse.status(HttpStatus.valueOf(exception.status())));
    }
}
