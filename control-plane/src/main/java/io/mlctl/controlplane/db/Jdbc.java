package io.mlctl.controlplane.db;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The control plane's one way to hand-written SQL (ingest, windows, drift, retrain, experiments, CloudEvents): work on
 * the transaction's {@link Connection} through Micronaut's {@link TransactionOperations}, with {@link SQLException}
 * translated here once into Micronaut Data's {@link DataAccessException} (the cause keeps the SQLState, so an outage
 * still answers 503).
 * <ul>
 *     <li>{@link #read} and {@link #write} start a transaction, or join the caller's when there is one (propagation
 *     REQUIRED), so a store method can be called alone or as a step of a larger write;</li>
 *     <li>{@link #joined} runs only inside a transaction the caller already owns (propagation MANDATORY): for steps
 *     that must commit or roll back with the caller's other rows (a window's partials with Kafka offsets, a retrain
 *     trigger with the drift report that caused it); without one it fails instead of committing alone.</li>
 * </ul>
 * Repositories (Micronaut Data) stay where a derived query says it all; they join the same transactions.
 */
@Singleton
public class Jdbc {
    public static final String UNIQUE_VIOLATION = "23505";
    private static final TransactionDefinition MANDATORY =
            TransactionDefinition.of(TransactionDefinition.Propagation.MANDATORY);

    private final TransactionOperations<Connection> tx;

    public Jdbc(TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    /** Work on the transaction's connection. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in a read-only transaction (or the caller's). */
    public <T> T read(Work<T> work) {
        return tx.executeRead(s -> run(work, s.getConnection()));
    }

    /** Runs {@code work} in a read-write transaction (or the caller's). */
    public <T> T write(Work<T> work) {
        return tx.executeWrite(s -> run(work, s.getConnection()));
    }

    /**
     * Runs {@code work} in the caller's transaction, which must exist.
     *
     * @throws io.micronaut.transaction.exceptions.TransactionException when no transaction is active
     */
    public <T> T joined(Work<T> work) {
        return tx.execute(MANDATORY, s -> run(work, s.getConnection()));
    }

    /** Work on one prepared statement. */
    @FunctionalInterface
    public interface StatementWork<T> {
        T apply(PreparedStatement statement) throws SQLException;
    }

    /**
     * Prepares {@code sql} on the caller's transaction (which must exist, as for {@link #joined}), runs {@code work}
     * on it and closes it: for stores whose every method is one step of a caller's transaction.
     */
    public <T> T prepared(String sql, StatementWork<T> work) {
        return joined(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                return work.apply(ps);
            }
        });
    }

    private static <T> T run(Work<T> work, Connection c) {
        try {
            return work.apply(c);
        } catch (SQLException e) {
            throw wrap(e);
        }
    }

    /** Timestamps go in as UTC {@link Timestamp}s, truncated to microseconds so they round-trip. */
    public static Timestamp ts(Instant i) {
        return Timestamp.from(i.truncatedTo(ChronoUnit.MICROS));
    }

    public static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** The id the database generated for the row just inserted (statement prepared with the id column). */
    public static long generatedId(Statement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
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
                String m = s.getMessage() == null ? "" : s.getMessage().toLowerCase(Locale.ROOT);
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
