package io.mlctl.controlplane.mlflow;

import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.mlctl.api.common.ProblemException;
import io.mlctl.controlplane.web.DatabaseFailures;
import io.mlctl.controlplane.web.ErrorDialect;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Every error under {@code /api/2.0/mlflow/} and {@code /ajax-api/2.0/mlflow/} leaves in MLflow's shape
 * ({@link MlflowError}, {@code application/json}), so MLflow's clients raise their usual exceptions
 * ({@code RestException} with the error code in Python, {@code MlflowHttpException} with status and body in Java):
 * our own refusals, a body that is not JSON, an unknown endpoint ({@code ENDPOINT_NOT_FOUND}), a missing or unknown
 * token ({@code UNAUTHENTICATED}, 401), a role too low ({@code PERMISSION_DENIED}, 403), a database outage
 * ({@code TEMPORARILY_UNAVAILABLE}, 503 with {@code Retry-After}), anything else {@code INTERNAL_ERROR} with a log
 * reference instead of a stack trace.
 */
@Singleton
public class MlflowErrors implements ErrorDialect {
    static final int RETRY_AFTER_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(MlflowErrors.class);

    @Override
    public boolean handles(HttpRequest<?> request) {
        return MlflowPaths.isMlflow(request.getPath());
    }

    @Override
    public MutableHttpResponse<?> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpRequest<?> request = context.getRequest();
        Throwable cause = context.getRootCause().orElse(null);
        MlflowException error = translate(request, cause, response.code(), context);
        if (error.status() == 401) {
            response.header("WWW-Authenticate", "Bearer realm=\"mlctl\", Basic realm=\"mlctl\"");
        } else if (error.status() == 503) {
            response.header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        }
        MutableHttpResponse<MlflowError> out = response.status(HttpStatus.valueOf(error.status()))
                .body(new MlflowError(error.errorCode(), error.getMessage()));
        out.contentType(MediaType.APPLICATION_JSON_TYPE);
        return out;
    }

    private static MlflowException translate(HttpRequest<?> request, Throwable cause, int status, ErrorContext context) {
        if (cause instanceof MlflowException e) {
            return e;
        }
        if (cause instanceof ProblemException e) {
            return MlflowException.of(e);
        }
        if (cause != null && DatabaseFailures.isUnavailable(cause)) {
            LOG.warn("database unavailable on {} {}: {}", request.getMethod(), request.getPath(), cause.toString());
            return new MlflowException(MlflowException.TEMPORARILY_UNAVAILABLE, 503,
                    "the database is unavailable; retry in a few seconds");
        }
        if (cause instanceof ConversionErrorException || cause instanceof ConstraintViolationException) {
            return MlflowException.invalid(oneLine(cause.getMessage()));
        }
        if (status >= 500) {
            String ref = UUID.randomUUID().toString();
            LOG.error("internal error {} on {} {}", ref, request.getMethod(), request.getPath(), cause);
            return new MlflowException(MlflowException.INTERNAL_ERROR, status, "internal error (log reference " + ref + ")");
        }
        return switch (status) {
            case 401 -> new MlflowException(MlflowException.UNAUTHENTICATED, 401, "a valid mlctl token is required: "
                    + "set MLFLOW_TRACKING_TOKEN (sent as 'Authorization: Bearer <token>'), or send the token as the "
                    + "password of Basic auth (MLFLOW_TRACKING_PASSWORD); this one is missing, unknown or revoked");
            case 403 -> new MlflowException(MlflowException.PERMISSION_DENIED, 403, "the token's role does not allow "
                    + "this request (viewer: reads; editor: writes; admin: deleting models and versions)");
            case 404 -> new MlflowException(MlflowException.ENDPOINT_NOT_FOUND, 404, request.getMethod() + " "
                    + request.getPath() + " is not an endpoint of mlctl's MLflow model-registry API (docs/MLFLOW.md)");
            case 405 -> new MlflowException(MlflowException.ENDPOINT_NOT_FOUND, 405, request.getMethod()
                    + " is not allowed on " + request.getPath());
            default -> new MlflowException(MlflowException.BAD_REQUEST, status, messages(context, status));
        };
    }

    private static String messages(ErrorContext context, int status) {
        String joined = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        return joined.isBlank() ? "HTTP " + status : oneLine(joined);
    }

    private static String oneLine(String s) {
        String d = s == null ? "invalid request" : s.replace('\n', ' ').replace('\r', ' ');
        return d.length() > 1000 ? d.substring(0, 1000) + "..." : d;
    }
}
