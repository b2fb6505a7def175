package io.mlctl.controlplane.mlflow;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import jakarta.inject.Singleton;

/** Routes {@link MlflowException} to {@link MlflowErrors}. */
@Singleton
public final class MlflowExceptionHandler implements ExceptionHandler<MlflowException, HttpResponse<?>> {
    private final MlflowErrors errors;

    public MlflowExceptionHandler(MlflowErrors errors) {
        this.errors = errors;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, MlflowException exception) {
        return errors.processResponse(ErrorContext.builder(request).cause(exception).build(),
                HttpResponse.status(HttpStatus.valueOf(exception.status())));
    }
}
