package io.mlctl.registry.model;

import java.util.List;

/**
 * What depends on a registered model from outside the registry (the control plane's running experiments, say).
 * {@link ModelService#delete} asks every such bean under the model's row lock: like the model's own aliases, a
 * dependent blocks the delete with 409 unless it is forced, and a forced delete lets go of it first, in the same
 * transaction. The registry module cannot see those features, hence the interface.
 */
public interface ModelDependents {

    /** One phrase per kind of dependent still holding on to the model (e.g. "running experiments [a, b]"); empty if none. */
    List<String> holding(String model);

    /** The model is being deleted with force: end what still holds on to it (audited by the implementation). */
    void release(String model, String actor);
}
