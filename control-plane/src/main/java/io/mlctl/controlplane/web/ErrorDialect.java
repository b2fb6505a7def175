package io.mlctl.controlplane.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;

/**
 * A family of paths whose clients expect another error shape than problem+json (MLflow's API under
 * {@code /api/2.0/mlflow/}). {@link ProblemResponseProcessor} hands such a request's errors, whoever produced them
 * (the feature, bean validation, security's 401/403, an unknown route, a database outage), to the dialect.
 */
public interface ErrorDialect {

    boolean handles(HttpRequest<?> request);

    MutableHttpResponse<?> processResponse(ErrorContext context, MutableHttpResponse<?> response);
}
