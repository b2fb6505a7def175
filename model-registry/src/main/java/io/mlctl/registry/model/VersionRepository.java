package io.mlctl.registry.model;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import io.mlctl.api.registry.VersionStatus;

import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface VersionRepository extends CrudRepository<VersionEntity, Long> {

    Optional<VersionEntity> findByModelIdAndVersion(long modelId, int version);

    Optional<VersionEntity> findFirstByModelIdAndStatusOrderByVersionDesc(long modelId, VersionStatus status);

    List<VersionEntity> findByIdIn(java.util.Collection<Long> ids);

    @Query("SELECT COALESCE(MAX(version), 0) FROM model_version WHERE model_id = :modelId")
    int maxVersion(long modelId);
}
