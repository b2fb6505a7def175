package io.mlctl.controlplane.retrain;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.mlctl.rollout.api.Labels;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutSpec;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * autoRollout: a ModelRollout for the version a retrain produced, from the policy's template with {@code model} and
 * {@code candidate} filled in, named {@code <model>-v<version>} (so doing it twice finds the first one).
 */
@Singleton
public class RolloutLauncher {

    /** Parses a template; throws IllegalArgumentException with the reason when it is not a ModelRollout. */
    static ModelRollout parse(String template) {
        ModelRollout r;
        try {
            r = Serialization.unmarshal(template, ModelRollout.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the rollout template is not a ModelRollout: " + e.getMessage(), e);
        }
        if (r == null || r.getSpec() == null) {
            throw new IllegalArgumentException("the rollout template needs a spec (strategy, server, traffic...)");
        }
        return r;
    }

    /** Creates (or finds) the rollout; answers {@code namespace/name}. */
    String launch(KubernetesClient k8s, String template, String namespace, String model, int version) {
        ModelRollout r = parse(template);
        ObjectMeta meta = r.getMetadata() == null ? new ObjectMeta() : r.getMetadata();
        String ns = namespace != null ? namespace : meta.getNamespace() != null ? meta.getNamespace() : "default";
        String name = model + "-v" + version;
        meta.setName(name);
        meta.setGenerateName(null);
        meta.setNamespace(ns);
        meta.setResourceVersion(null);
        Map<String, String> labels = meta.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getLabels());
        labels.put(Labels.MANAGED_BY, Labels.CONTROL_PLANE);
        labels.put(Labels.MODEL, model);
        meta.setLabels(labels);
        r.setMetadata(meta);
        ModelRolloutSpec s = r.getSpec();
        r.setSpec(new ModelRolloutSpec(model, s.baseline() == null ? ModelRolloutSpec.DEFAULT_BASELINE : s.baseline(),
                String.valueOf(version), s.server(), s.traffic(), s.strategy(), s.guardrails(), s.retrain(), null, null,
                null));
        r.setStatus(null);
        try {
            k8s.resources(ModelRollout.class).inNamespace(ns).resource(r).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        return ns + "/" + name;
    }
}
