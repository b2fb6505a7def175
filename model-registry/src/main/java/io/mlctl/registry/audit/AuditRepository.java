package io.mlctl.registry.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;

/**
 * The audit table. All repositories are compiled for PostgreSQL; the embedded H2 runs in PostgreSQL mode, so the
 * same SQL serves both (see docs/DEVELOPING.md, "Database").
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface AuditRepository extends CrudRepository<AuditEntry, Long> {

    @Query("""
            SELECT * FROM audit_log
            WHERE (CAST(:actor AS VARCHAR) IS NULL OR actor = :actor)
              AND (CAST(:action AS VARCHAR) IS NULL OR action LIKE :action)
              AND (CAST(:target AS VARCHAR) IS NULL OR target = :target OR target LIKE :targetPrefix)
            ORDER BY id DESC LIMIT :limit OFFSET :offset""")
    List<AuditEntry> search(@Nullable String actor, @Nullable String action, @Nullable String target,
                            @Nullable String targetPrefix, int limit, long offset);

    @Query("""
            SELECT COUNT(*) FROM audit_log
            WHERE (CAST(:actor AS VARCHAR) IS NULL OR actor = :actor)
              AND (CAST(:action AS VARCHAR) IS NULL OR action LIKE :action)
              AND (CAST(:target AS VARCHAR) IS NULL OR target = :target OR target LIKE :targetPrefix)""")
    long count(@Nullable String actor, @Nullable String action, @Nullable String target, @Nullable String targetPrefix);
}
