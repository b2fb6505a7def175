package io.mlctl.operator.reconcile;

/**
 * Observation failed: either the rollout cannot run as written ({@code invalid}: a missing version, no image...) or
 * the control plane could not be asked right now (retry later).
 */
final class ObservationException extends Exception {
    private final boolean invalid;
    private final String reason;

    private ObservationException(boolean invalid, String reason, String message) {
        super(message);
        this.invalid = invalid;
        this.reason = reason;
    }

    static ObservationException invalid(String reason, String message) {
        return new ObservationException(true, reason, message);
    }

    static ObservationException unavailable(String message) {
        return new ObservationException(false, "ControlPlaneUnavailable", message);
    }

    boolean invalid() {
        return invalid;
    }

    String reason() {
        return reason;
    }
}
