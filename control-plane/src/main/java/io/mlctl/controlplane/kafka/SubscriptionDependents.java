package io.mlctl.controlplane.kafka;

import io.mlctl.registry.model.ModelDependents;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * A model's Kafka subscriptions hold on to it: deleting the model answers 409 (like a model with aliases), and a
 * forced delete removes them first (audited), so no replica goes on consuming records for versions that are gone.
 */
@Singleton
class SubscriptionDependents implements ModelDependents {
    private final SubscriptionStore store;

    SubscriptionDependents(SubscriptionStore store) {
        this.store = store;
    }

    @Override
    public List<String> holding(String model) {
        List<Integer> versions = store.versionsOf(model);
        return versions.isEmpty() ? List.of() : List.of("Kafka subscriptions of versions " + versions);
    }

    @Override
    public void release(String model, String actor) {
        for (int version : store.versionsOf(model)) {
            store.delete(model, version, actor);
        }
    }
}
