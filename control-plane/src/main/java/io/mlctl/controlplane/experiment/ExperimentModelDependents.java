package io.mlctl.controlplane.experiment;

import io.mlctl.registry.model.ModelDependents;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Running experiments hold on to their model: deleting it answers 409 (like a model with aliases), and a forced
 * delete stops them first (audited, reason naming the delete) so they stop taking events for versions that are
 * gone; their reports stay. Stopped experiments do not block: they are history, like the audit log.
 */
@Singleton
class ExperimentModelDependents implements ModelDependents {
    private final ExperimentService experiments;

    ExperimentModelDependents(ExperimentService experiments) {
        this.experiments = experiments;
    }

    @Override
    public List<String> holding(String model) {
        List<String> running = experiments.running(model);
        return running.isEmpty() ? List.of() : List.of("running experiments " + running);
    }

    @Override
    public void release(String model, String actor) {
        for (String id : experiments.running(model)) {
            experiments.stop(id, "model '" + model + "' was deleted by " + actor, actor);
        }
    }
}
