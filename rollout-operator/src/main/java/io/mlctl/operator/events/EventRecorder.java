package io.mlctl.operator.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mlctl.rollout.api.ModelRollout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Kubernetes Events on a ModelRollout ({@code kubectl describe modelrollout} shows them). An event that cannot be
 * written is logged, never allowed to fail the reconciliation.
 */
public final class EventRecorder {
    public static final String COMPONENT = "mlctl-operator";
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    private final KubernetesClient client;
    private final Clock clock;

    public EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public void normal(ModelRollout rollout, String reason, String message) {
        emit(rollout, "Normal", reason, message);
    }

    public void warning(ModelRollout rollout, String reason, String message) {
        emit(rollout, "Warning", reason, message);
    }

    private void emit(ModelRollout rollout, String type, String reason, String message) {
        String now = clock.instant().toString();
        Event event = new EventBuilder()
                .withNewMetadata().withGenerateName(rollout.getMetadata().getName() + ".")
                .withNamespace(rollout.getMetadata().getNamespace()).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(rollout.getApiVersion()).withKind(rollout.getKind())
                        .withName(rollout.getMetadata().getName()).withNamespace(rollout.getMetadata().getNamespace())
                        .withUid(rollout.getMetadata().getUid()).build())
                .withType(type).withReason(reason)
                .withMessage(message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withReportingComponent(COMPONENT)
                .build();
        try {
            client.v1().events().inNamespace(rollout.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warn("could not record event {} on {}/{}: {}", reason, rollout.getMetadata().getNamespace(),
                    rollout.getMetadata().getName(), e.getMessage());
        }
    }
}
