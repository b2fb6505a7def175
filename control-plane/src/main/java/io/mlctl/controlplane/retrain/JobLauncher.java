package io.mlctl.controlplane.retrain;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.mlctl.api.retrain.RetrainTrigger;
import io.mlctl.rollout.api.Labels;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates the retrain Job of a trigger from the policy's template: named {@code <model>-retrain-<id>} (so a retried
 * delivery finds it instead of creating a second one), labelled with model and trigger, and every container gets
 * MLCTL_MODEL, MLCTL_VERSION, MLCTL_TRIGGER_ID and MLCTL_REASON (register the new version with
 * {@code lineage.triggeredBy = $MLCTL_TRIGGER_ID}).
 */
@Singleton
public class JobLauncher {

    /** Parses a template; throws IllegalArgumentException with the reason when it is not a Job. */
    static Job parse(String template) {
        Job job;
        try {
            job = Serialization.unmarshal(template, Job.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the job template is not a Kubernetes Job: " + e.getMessage(), e);
        }
        if (job == null || job.getSpec() == null || job.getSpec().getTemplate() == null
                || job.getSpec().getTemplate().getSpec() == null
                || job.getSpec().getTemplate().getSpec().getContainers() == null
                || job.getSpec().getTemplate().getSpec().getContainers().isEmpty()) {
            throw new IllegalArgumentException("the job template needs spec.template.spec.containers");
        }
        if (job.getKind() != null && !"Job".equals(job.getKind())) {
            throw new IllegalArgumentException("the job template is a " + job.getKind() + ", not a Job");
        }
        return job;
    }

    /** Creates (or finds) the Job; answers {@code namespace/name}. */
    String launch(KubernetesClient k8s, String template, String namespace, RetrainTrigger t) {
        Job job = parse(template);
        String name = (t.model() + "-retrain-" + t.id());
        if (name.length() > 63) {
            name = name.substring(0, 63 - String.valueOf(t.id()).length() - 1) + "-" + t.id();
        }
        ObjectMeta meta = job.getMetadata() == null ? new ObjectMeta() : job.getMetadata();
        String ns = namespace != null ? namespace : meta.getNamespace() != null ? meta.getNamespace() : "default";
        meta.setName(name);
        meta.setGenerateName(null);
        meta.setNamespace(ns);
        Map<String, String> labels = meta.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getLabels());
        labels.put(Labels.MANAGED_BY, Labels.CONTROL_PLANE);
        labels.put(Labels.MODEL, t.model());
        labels.put(Labels.RETRAIN_TRIGGER, String.valueOf(t.id()));
        meta.setLabels(labels);
        job.setMetadata(meta);
        job.setApiVersion("batch/v1");
        job.setKind("Job");
        for (Container c : job.getSpec().getTemplate().getSpec().getContainers()) {
            List<EnvVar> env = c.getEnv() == null ? new ArrayList<>() : new ArrayList<>(c.getEnv());
            env.add(new EnvVar("MLCTL_MODEL", t.model(), null));
            env.add(new EnvVar("MLCTL_VERSION", String.valueOf(t.version()), null));
            env.add(new EnvVar("MLCTL_TRIGGER_ID", String.valueOf(t.id()), null));
            env.add(new EnvVar("MLCTL_REASON", t.reason(), null));
            c.setEnv(env);
        }
        try {
            k8s.batch().v1().jobs().inNamespace(ns).resource(job).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) { // 409: created by an earlier attempt of this delivery
                throw e;
            }
        }
        return ns + "/" + name;
    }
}
