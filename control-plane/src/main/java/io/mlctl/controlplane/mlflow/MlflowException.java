package io.mlctl.controlplane.mlflow;

import io.mlctl.api.common.ProblemException;

/**
 * An error answer in MLflow's shape: {@code {"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "..."}} with the
 * HTTP status MLflow's server gives that code ({@code mlflow/exceptions.py}, {@code ERROR_CODE_TO_HTTP_STATUS}).
 */
public final class MlflowException extends RuntimeException {
    public static final String RESOURCE_DOES_NOT_EXIST = "RESOURCE_DOES_NOT_EXIST";
    public static final String RESOURCE_ALREADY_EXISTS = "RESOURCE_ALREADY_EXISTS";
    public static final String INVALID_PARAMETER_VALUE = "INVALID_PARAMETER_VALUE";
    public static final String RESOURCE_CONFLICT = "RESOURCE_CONFLICT";
    public static final String BAD_REQUEST = "BAD_REQUEST";
    public static final String ENDPOINT_NOT_FOUND = "ENDPOINT_NOT_FOUND";
    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    public static final String PERMISSION_DENIED = "PERMISSION_DENIED";
    public static final String TEMPORARILY_UNAVAILABLE = "TEMPORARILY_UNAVAILABLE";
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private final String errorCode;
    private final int status;

    public MlflowException(String errorCode, int status, String message) {
        super(message);
        this.errorCode = errorCode;
        this.status = status;
    }

    public static MlflowException invalid(String message) {
        return new MlflowException(INVALID_PARAMETER_VALUE, 400, message);
    }

    public static MlflowException notFound(String message) {
        return new MlflowException(RESOURCE_DOES_NOT_EXIST, 404, message);
    }

    public static MlflowException alreadyExists(String message) {
        return new MlflowException(RESOURCE_ALREADY_EXISTS, 400, message);
    }

    /** The registry's own refusal, in MLflow's terms: its status decides the code. */
    public static MlflowException of(ProblemException e) {
        return switch (e.status()) {
            case 400, 413, 415, 422 -> invalid(e.detail());
            case 404 -> notFound(e.detail());
            // a state that does not allow the change (an alias still pointing at a version, a rename with drift data)
            case 409 -> new MlflowException(RESOURCE_CONFLICT, 409, e.detail());
            case 503 -> new MlflowException(TEMPORARILY_UNAVAILABLE, 503, e.detail());
            default -> e.status() >= 500 ? new MlflowException(INTERNAL_ERROR, e.status(), e.detail())
                    : new MlflowException(BAD_REQUEST, e.status(), e.detail());
        };
    }

    public String errorCode() {
        return errorCode;
    }

    public int status() {
        return status;
    }
}
