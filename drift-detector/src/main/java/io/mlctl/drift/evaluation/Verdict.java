package io.mlctl.drift.evaluation;

import java.util.Locale;

/** A feature's drift verdict, from best to worst; NO_DATA when either side has no values to compare. */
public enum Verdict {
    OK, WARN, DRIFT, NO_DATA;

    /** {@code ok}, {@code warn}, {@code drift}, {@code no_data}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    Verdict worse(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
