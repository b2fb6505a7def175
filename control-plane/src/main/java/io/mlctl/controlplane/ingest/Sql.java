package io.mlctl.controlplane.ingest;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionOperations;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Small JDBC helpers shared by the hand-written SQL of ingest and drift (hot paths and streamed BYTEA). */
public final class Sql {
    public static final String UNIQUE_VIOLATION = "23505";

    private Sql() {
    }

    /** Timestamps go in as UTC {@link Timestamp}s, truncated to microseconds so they round-trip. */
    public static Timestamp ts(Instant i) {
        return Timestamp.from(i.truncatedTo(ChronoUnit.MICROS));
    }

    public static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** Work on the transaction's connection. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in a read-only transaction. */
    public static <T> T read(TransactionOperations<Connection> tx, Work<T> work) {
        return tx.executeRead(s -> run(work, s.getConnection()));
    }

    /** Runs {@code work} in a read-write transaction. */
    public static <T> T write(TransactionOperations<Connection> tx, Work<T> work) {
        return tx.executeWrite(s -> run(work, s.getConnection()));
    }

    private static <T> T run(Work<T> work, Connection c) {
        try {
            return work.apply(c);
        } catch (SQLException e) {
            throw wrap(e);
        }
    }

    /** Wraps a JDBC failure; the cause chain keeps the SQLState, so an outage still answers 503. */
    public static DataAccessException wrap(SQLException e) {
        return new DataAccessException(e.getMessage(), e);
    }

    /** Whether a unique constraint (of the given name, when not null) was violated somewhere in the chain. */
    public static boolean uniqueViolation(Throwable error, String constraint) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
                String m = s.getMessage() == null ? "" : s.getMessage().toLowerCase(java.util.Locale.ROOT);
                return constraint == null || m.contains(constraint);
            }
        }
        return false;
    }

    /** Whether a lock could not be had in time (H2's lock timeout, PostgreSQL's lock_not_available). */
    public static boolean lockTimeout(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().equals("HYT00") || s.getSQLState().equals("55P03")
                    || s.getSQLState().equals("40001") || s.getSQLState().equals("40P01"))) {
                return true;
            }
        }
        return false;
    }
}
