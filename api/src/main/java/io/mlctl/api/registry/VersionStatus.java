package io.mlctl.api.registry;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A version's lifecycle: {@code PENDING} (registered, artifact not yet confirmed), {@code READY} (servable; the
 * default), {@code FAILED} (the artifact or its validation failed), {@code ARCHIVED} (retired). Only READY versions
 * can carry an alias, and a version that carries one cannot leave READY.
 */
@Serdeable
public enum VersionStatus {
    PENDING, READY, FAILED, ARCHIVED
}
