package io.mlctl.controlplane.ingest;

/** Why a sample row was rejected; the {@code reason} label of {@code mlctl_samples_rejected_total} (a bounded set). */
public enum RejectReason {
    MALFORMED("malformed"),
    UNKNOWN_FIELD("unknown_field"),
    WRONG_TYPE("wrong_type"),
    MISSING_REQUIRED("missing_required"),
    OUT_OF_DOMAIN("out_of_domain"),
    BAD_TIMESTAMP("bad_timestamp"),
    LATE("late"),
    LINE_TOO_LONG("line_too_long");

    private final String label;

    RejectReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
