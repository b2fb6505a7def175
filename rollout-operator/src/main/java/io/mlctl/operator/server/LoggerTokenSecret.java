package io.mlctl.operator.server;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.mlctl.rollout.api.Labels;
import io.mlctl.rollout.api.ModelRollout;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The Secret with the ingest token that the loggers of one namespace read ({@code secretKeyRef}): a pod can only
 * reference Secrets of its own namespace, and the chart's token lives in the release namespace, so the operator
 * keeps a copy, by one fixed name, in every namespace it runs model servers in. {@link #desired} is a pure function
 * of the namespace and the token; a rotated token reaches every copy at the next reconciliation there.
 * <p>
 * No owner reference: model servers outlive the rollouts that created them (a version's server becomes the next
 * rollout's baseline) and read the Secret at every container start, so a copy owned by a rollout would vanish under
 * pods still serving. The copies carry the operator's labels; uninstalling removes them with one label selector
 * (docs/OPERATIONS.md). The operator reads only Secrets of that name (a field selector, which RBAC's resourceNames
 * can authorise): it never lists the other Secrets of a namespace.
 */
public class LoggerTokenSecret extends CRUDNoGCKubernetesDependentResource<Secret, ModelRollout> {
    public static final String COMPONENT = "inference-logger";
    private final LoggerSidecar.Settings settings;

    public LoggerTokenSecret(LoggerSidecar.Settings settings) {
        super(Secret.class);
        this.settings = settings;
    }

    @Override
    protected Secret desired(ModelRollout rollout, Context<ModelRollout> context) {
        return build(rollout.getMetadata().getNamespace(), settings);
    }

    public static Secret build(String namespace, LoggerSidecar.Settings settings) {
        return new SecretBuilder()
                .withNewMetadata().withName(settings.tokenSecret()).withNamespace(namespace)
                .withLabels(Map.of(Labels.MANAGED_BY, Labels.OPERATOR, "app.kubernetes.io/component", COMPONENT))
                .endMetadata()
                .withType("Opaque")
                // data, not stringData: the API server stores data, so the desired Secret compares equal to the stored one
                .withData(Map.of(LoggerSidecar.TOKEN_KEY,
                        Base64.getEncoder().encodeToString(settings.token().getBytes(StandardCharsets.UTF_8))))
                .build();
    }

    /** The namespace's one copy, whichever rollout wrote it. */
    @Override
    public Optional<Secret> getSecondaryResource(ModelRollout rollout, Context<ModelRollout> context) {
        ResourceID id = new ResourceID(settings.tokenSecret(), rollout.getMetadata().getNamespace());
        return eventSource().flatMap(es -> es.get(id));
    }

    /** Shared by every rollout of the namespace: no "last written by" annotations that would flip between them. */
    @Override
    protected void addSecondaryToPrimaryMapperAnnotations(Secret desired, ModelRollout primary) {
        // intentionally nothing (see above)
    }
}
