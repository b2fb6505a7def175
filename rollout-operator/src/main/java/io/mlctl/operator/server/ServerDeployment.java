package io.mlctl.operator.server;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.mlctl.operator.reconcile.RolloutPlan;
import io.mlctl.rollout.api.Labels;
import io.mlctl.rollout.api.ModelRollout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Deployment of one version's model server (one instance for the baseline, one for the candidate). Its
 * {@link #desired} is a pure function of the rollout plan and the operator's logger settings: runtime preset, GPU
 * limits, node selector, toleration, and the inference logger in front of the server ({@link LoggerSidecar}).
 */
public class ServerDeployment extends CRUDKubernetesDependentResource<Deployment, ModelRollout> {
    public static final String GPU_RESOURCE = "nvidia.com/gpu";
    public static final String GPU_PRODUCT_LABEL = "nvidia.com/gpu.product";
    public static final String SERVER_CONTAINER = "model-server";

    private final VersionRole role;
    private final LoggerSidecar.Settings logger;

    public ServerDeployment(VersionRole role, LoggerSidecar.Settings logger) {
        super(Deployment.class, role.label() + "-deployment");
        this.role = role;
        this.logger = logger;
    }

    @Override
    protected Deployment desired(ModelRollout rollout, Context<ModelRollout> context) {
        RolloutPlan.ServerPlan plan = RolloutPlan.of(context).server(role);
        return build(plan.config(), plan.replicas(), rollout.getMetadata().getNamespace(), logger);
    }

    /** The server of one version, as a Deployment with the given replicas (and its logger, unless disabled). */
    public static Deployment build(ServerConfig c, int replicas, String namespace, LoggerSidecar.Settings logger) {
        RuntimePreset preset = c.preset();
        Map<String, String> labels = labels(c);
        Map<String, String> podAnnotations = new LinkedHashMap<>();
        podAnnotations.put("prometheus.io/scrape", "true");
        podAnnotations.put("prometheus.io/port", Integer.toString(c.metricsPort()));
        podAnnotations.put("prometheus.io/path", RuntimePreset.METRICS_PATH);

        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("MLCTL_MODEL", c.model(), null));
        env.add(new EnvVar("MLCTL_MODEL_VERSION", Integer.toString(c.version()), null));
        env.add(new EnvVar("MLCTL_MODEL_URI", c.artifactUri(), null));
        Map<String, String> merged = new TreeMap<>(preset.env(c));
        merged.putAll(c.env());
        merged.forEach((k, v) -> env.add(new EnvVar(k, v, null)));

        ResourceRequirementsBuilder resources = new ResourceRequirementsBuilder();
        List<Toleration> tolerations = new ArrayList<>();
        Map<String, String> nodeSelector = new LinkedHashMap<>();
        if (c.gpuCount() > 0) {
            resources.addToLimits(GPU_RESOURCE, new Quantity(Integer.toString(c.gpuCount())));
            // the NVIDIA GPU operator taints GPU nodes so that only pods asking for GPUs land there
            tolerations.add(new TolerationBuilder().withKey(GPU_RESOURCE).withOperator("Exists")
                    .withEffect("NoSchedule").build());
            if (c.gpuProduct() != null && !c.gpuProduct().isBlank()) {
                nodeSelector.put(GPU_PRODUCT_LABEL, c.gpuProduct());
            }
        }

        Container server = new ContainerBuilder()
                .withName(SERVER_CONTAINER)
                .withImage(c.image())
                .withCommand(preset.command(c))
                .withArgs(preset.args(c))
                .withPorts(preset.ports(c))
                .withEnv(env)
                .withReadinessProbe(preset.readiness(c))
                .withLivenessProbe(preset.liveness(c))
                .withResources(resources.build())
                .build();
        List<Container> containers = new ArrayList<>();
        List<Volume> volumes = new ArrayList<>();
        if (c.logger() != null) {
            // first: the serving port is the logger's, and it is the container people look for in the traffic path
            containers.add(LoggerSidecar.container(c, logger));
            volumes.add(LoggerSidecar.tmpVolume());
        }
        containers.add(server);

        return new DeploymentBuilder()
                .withNewMetadata().withName(c.name()).withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().withMatchLabels(ServerNames.selector(c.model(), c.version())).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).withAnnotations(podAnnotations).endMetadata()
                .withNewSpec()
                .withContainers(containers)
                .withVolumes(volumes.isEmpty() ? null : volumes)
                .withNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector)
                .withTolerations(tolerations.isEmpty() ? null : tolerations)
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    static Map<String, String> labels(ServerConfig c) {
        Map<String, String> labels = new LinkedHashMap<>(ServerNames.selector(c.model(), c.version()));
        labels.put("app.kubernetes.io/name", c.model());
        labels.put("app.kubernetes.io/instance", c.name());
        labels.put("app.kubernetes.io/component", "model-server");
        labels.put(Labels.MANAGED_BY, Labels.OPERATOR);
        labels.put(Labels.RUNTIME, c.runtime().wire());
        return labels;
    }

    /**
     * Finds the server by name in the informer cache, not only among this rollout's secondaries: a version's
     * server outlives the rollout that created it and becomes the next rollout's baseline.
     */
    @Override
    public Optional<Deployment> getSecondaryResource(ModelRollout rollout, Context<ModelRollout> context) {
        RolloutPlan.ServerPlan plan = RolloutPlan.of(context).server(role);
        ResourceID id = new ResourceID(plan.config().name(), rollout.getMetadata().getNamespace());
        return eventSource().flatMap(es -> es.get(id));
    }
}
