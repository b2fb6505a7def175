package io.mlctl.registry.schema;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SchemaRepository extends CrudRepository<SchemaEntity, Long> {

    Optional<SchemaEntity> findByNameAndVersion(String name, int version);

    Optional<SchemaEntity> findFirstByNameOrderByVersionDesc(String name);

    Page<SchemaEntity> findByName(String name, Pageable pageable);

    /** The newest version of every schema whose name contains the pattern (already LIKE-escaped), by name. */
    @Query("""
            SELECT s.* FROM feature_schema s
            WHERE s.version = (SELECT MAX(x.version) FROM feature_schema x WHERE x.name = s.name)
              AND (CAST(:pattern AS VARCHAR) IS NULL OR s.name LIKE :pattern)
            ORDER BY s.name LIMIT :limit OFFSET :offset""")
    List<SchemaEntity> latestOfEach(@Nullable String pattern, int limit, long offset);

    @Query("SELECT COUNT(DISTINCT name) FROM feature_schema WHERE CAST(:pattern AS VARCHAR) IS NULL OR name LIKE :pattern")
    long countNames(@Nullable String pattern);
}
