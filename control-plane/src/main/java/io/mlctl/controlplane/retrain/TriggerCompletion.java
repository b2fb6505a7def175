package io.mlctl.controlplane.retrain;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.scheduling.annotation.Scheduled;
import io.mlctl.api.retrain.RetrainTrigger;
import io.mlctl.controlplane.db.Jdbc;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Closes the loop: a version registered with {@code lineage.triggeredBy} = a trigger's id completes that trigger, and
 * when the model's policy has an auto-rollout template, a ModelRollout is created for the new version (through the
 * Kubernetes API, when the control plane runs in a cluster). Polls the registry's versions, so a completion is never
 * missed whichever process registered the version, and a rollout whose creation was interrupted is created later.
 */
@Singleton
public class TriggerCompletion {
    private static final Logger LOG = LoggerFactory.getLogger(TriggerCompletion.class);

    private final Jdbc jdbc;
    private final TriggerStore triggers;
    private final PolicyStore policies;
    private final RolloutLauncher rollouts;
    private final KubernetesAccess kubernetes;

    public TriggerCompletion(Jdbc jdbc, TriggerStore triggers, PolicyStore policies,
                             RolloutLauncher rollouts, KubernetesAccess kubernetes) {
        this.jdbc = jdbc;
        this.triggers = triggers;
        this.policies = policies;
        this.rollouts = rollouts;
        this.kubernetes = kubernetes;
    }

    @Scheduled(fixedDelay = "${mlctl.retrain.completion-interval:2s}", initialDelay = "3s")
    void poll() {
        try {
            completeAnswered();
            createRollouts();
        } catch (RuntimeException e) {
            LOG.warn("retrain completion round failed, will retry: {}", e.toString());
        }
    }

    void completeAnswered() {
        jdbc.write(c -> {
            for (long[] answered : triggers.answered(c)) {
                if (triggers.complete(c, answered[0], (int) answered[1], Instant.now())) {
                    LOG.info("retrain trigger {} completed by version {}", answered[0], answered[1]);
                }
            }
            return null;
        });
    }

    void createRollouts() {
        Optional<KubernetesClient> k8s = kubernetes.client();
        if (k8s.isEmpty()) {
            return; // outside a cluster the trigger stays completed without a rollout (see its rollout field)
        }
        List<Long> ids = jdbc.read(triggers::rolloutsToCreate);
        for (long id : ids) {
            jdbc.write(c -> {
                try {
                    RetrainTrigger t = triggers.get(c, id).orElseThrow();
                    PolicyRow p = policies.find(c, t.model(), false).orElseThrow();
                    String name = rollouts.launch(k8s.get(), p.rolloutTemplate(), p.rolloutNamespace(), t.model(),
                            t.completedVersion());
                    triggers.rolloutCreated(c, id, name);
                    LOG.info("created ModelRollout {} for {} version {} (retrain trigger {})", name, t.model(),
                            t.completedVersion(), id);
                    return null;
                } catch (RuntimeException e) {
                    LOG.warn("creating the rollout of retrain trigger {} failed, will retry: {}", id, e.toString());
                    return null;
                }
            });
        }
    }
}
