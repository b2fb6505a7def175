package io.mlctl.operator.controlplane;

/** The control plane could not answer; {@link #status()} is the HTTP status, 0 when it was unreachable. */
public class ControlPlaneException extends RuntimeException {
    private final int status;

    public ControlPlaneException(int status, String message) {
        super(message);
        this.status = status;
    }

    public ControlPlaneException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    public int status() {
        return status;
    }

    public boolean notFound() {
        return status == 404;
    }

    /** Worth retrying later: unreachable, overloaded or down (as opposed to a request it rejected). */
    public boolean retryable() {
        return status == 0 || status == 429 || status >= 500;
    }
}
