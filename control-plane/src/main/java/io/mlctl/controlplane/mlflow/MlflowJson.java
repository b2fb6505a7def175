package io.mlctl.controlplane.mlflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.mlctl.api.registry.ModelVersion;
import io.mlctl.api.registry.RegisteredModel;
import io.mlctl.api.registry.VersionStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The messages of MLflow's {@code model_registry.proto} as its server writes them in JSON: snake_case field names,
 * int64 timestamps in epoch milliseconds as JSON numbers, {@code version} as a string, enums by name, and (as
 * protobuf does) unset fields and empty lists left out. Mapped from the registry's own types.
 */
final class MlflowJson {
    /** MLflow's stage of a version that is not archived: stages are deprecated, every other version is here. */
    static final String STAGE_NONE = "None";
    static final String STAGE_ARCHIVED = "Archived";
    static final List<String> STAGES = List.of(STAGE_NONE, "Staging", "Production", STAGE_ARCHIVED);

    private MlflowJson() {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Model(String name, Long creationTimestamp, Long lastUpdatedTimestamp, @Nullable String userId,
                 @Nullable String description, List<Version> latestVersions, List<Tag> tags, List<Alias> aliases) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Version(String name, String version, Long creationTimestamp, Long lastUpdatedTimestamp,
                   @Nullable String userId, String currentStage, @Nullable String description, String source,
                   @Nullable String runId, String status, List<Tag> tags, @Nullable String runLink,
                   List<String> aliases) {
    }

    @Serdeable
    record Tag(String key, String value) {
    }

    @Serdeable
    record Alias(String alias, String version) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record ModelResponse(Model registeredModel) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record VersionResponse(Version modelVersion) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record ModelsPage(List<Model> registeredModels, @Nullable String nextPageToken) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record VersionsPage(List<Version> modelVersions, @Nullable String nextPageToken) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Versions(List<Version> modelVersions) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record DownloadUri(String artifactUri) {
    }

    /** An answer without fields ({@code Response {}} in the proto): {@code {}}. */
    @Serdeable
    record Empty() {
    }

    static Model model(RegisteredModel m, List<ModelVersion> latest) {
        return new Model(m.name(), millis(m.createdAt()), millis(m.updatedAt()), m.createdBy(), m.description(),
                latest.stream().map(MlflowJson::version).toList(),
                tags(m.tags()),
                m.aliases().entrySet().stream().map(e -> new Alias(e.getKey(), String.valueOf(e.getValue()))).toList());
    }

    static Version version(ModelVersion v) {
        return new Version(v.model(), String.valueOf(v.version()), millis(v.createdAt()), millis(v.updatedAt()),
                v.createdBy(), stage(v.status()), v.description(), v.artifactUri(),
                v.lineage() == null ? null : v.lineage().runId(), status(v.status()), tags(v.tags()),
                v.lineage() == null ? null : v.lineage().runLink(), v.aliases());
    }

    /** Archived mlctl versions are in MLflow's "Archived" stage, every other one in "None". */
    static String stage(VersionStatus s) {
        return s == VersionStatus.ARCHIVED ? STAGE_ARCHIVED : STAGE_NONE;
    }

    /** {@code ModelVersionStatus}: PENDING_REGISTRATION, FAILED_REGISTRATION, READY (archived versions are READY). */
    static String status(VersionStatus s) {
        return switch (s) {
            case PENDING -> "PENDING_REGISTRATION";
            case FAILED -> "FAILED_REGISTRATION";
            case READY, ARCHIVED -> "READY";
        };
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }
}
