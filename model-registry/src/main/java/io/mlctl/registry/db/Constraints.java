package io.mlctl.registry.db;

import java.sql.SQLException;

/** Recognises database constraint violations (same SQLState on H2 and PostgreSQL). */
public final class Constraints {
    private Constraints() {
    }

    /** True when {@code e} (or a cause) is a unique-key violation, e.g. two clients creating the same name at once. */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
