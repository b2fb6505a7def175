package io.mlctl.controlplane.experiment.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

/** The experiment table (PostgreSQL SQL; H2 runs in PostgreSQL mode, see docs/DEVELOPING.md "Database"). */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ExperimentRepository extends CrudRepository<ExperimentEntity, String> {

    /** Locks the row for the transaction: event batches and stop requests of one experiment run one at a time. */
    @Query("SELECT * FROM experiment WHERE id = :id FOR UPDATE")
    public Optional<ExperimentEntity> findForUpdate(String id);

    @Query("""
            SELECT * FROM experiment
            WHERE (CAST(:model AS VARCHAR) IS NULL OR model = :model)
            ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset""")
    public List<ExperimentEntity> search(@Nullable String model, int limit, long offset);

    @Query("SELECT COUNT(*) FROM experiment WHERE (CAST(:model AS VARCHAR) IS NULL OR model = :model)")
    public long count(@Nullable String model);

    @Query("SELECT * FROM experiment WHERE status = 'running'")
    public List<ExperimentEntity> findRunning();
}
