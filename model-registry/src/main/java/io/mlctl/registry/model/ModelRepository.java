package io.mlctl.registry.model;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ModelRepository extends CrudRepository<ModelEntity, Long> {

    Optional<ModelEntity> findByName(String name);

    /** Locks the model row until the transaction ends: version numbering and alias moves serialize on it. */
    @Query("SELECT * FROM registered_model WHERE name = :name FOR UPDATE")
    Optional<ModelEntity> lockByName(String name);
}
