package io.mlctl.controlplane.web;

import io.micronaut.data.connection.exceptions.ConnectionException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** Tells a database outage (answer 503, retry later) from every other failure by looking down the cause chain. */
public final class DatabaseFailures {
    private DatabaseFailures() {
    }

    public static boolean isUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exception; 57P0x: PostgreSQL shutting down / cannot connect now; 3D000: database gone
                if (state.startsWith("08") || state.startsWith("57P0") || state.equals("3D000")) {
                    return true;
                }
            }
            if (t instanceof ConnectionException) {
                // Micronaut Data could not get or prepare a connection (pool exhausted, connection dropped)
                return true;
            }
        }
        return false;
    }
}
