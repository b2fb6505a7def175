package io.mlctl.controlplane.ingest;

import io.micronaut.core.annotation.Nullable;
import io.mlctl.api.common.ProblemError;

/** One rejected row: its line number (1-based), the field at fault if any, the reason in words and its label. */
public record RowError(int line, @Nullable String field, String reason, RejectReason kind) {

    ProblemError toProblemError() {
        return new ProblemError(line, field, reason);
    }

    /** A rejected value or name as quoted in a reason: at most 60 characters. */
    static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
