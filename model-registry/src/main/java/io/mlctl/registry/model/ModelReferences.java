package io.mlctl.registry.model;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * Records outside the registry that name a model (or one of its versions) by its name and number rather than by a
 * foreign key: reference profiles, drift windows and reports, retrain policies, experiments. Renaming the model or
 * deleting the version would leave them pointing at nothing, so {@link ModelService#rename} and
 * {@link VersionService#delete} refuse while any bean reports such records. The registry module cannot see those
 * tables, hence the interface (implemented by the control plane).
 */
public interface ModelReferences {

    /**
     * One phrase per kind of record that names the model ({@code version} null) or that version of it, e.g.
     * "drift reports"; empty if none.
     */
    List<String> referencing(String model, @Nullable Integer version);
}
