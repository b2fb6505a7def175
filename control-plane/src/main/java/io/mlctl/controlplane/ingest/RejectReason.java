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
    LINE_TOO_LONG("line_too_long"),
    /** A stream record for a model version that has no subscription (or no longer exists). */
    UNKNOWN_VERSION("unknown_version"),
    /** A stream record whose version has no feature schema or no reference profile yet. */
    NOT_MONITORED("not_monitored"),
    /** A request/response pair (OIP record, CloudEvent) that the version's protocol decoder cannot read. */
    UNDECODABLE("undecodable");

    private final String label;

    RejectReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
