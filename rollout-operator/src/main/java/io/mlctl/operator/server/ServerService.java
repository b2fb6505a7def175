package io.mlctl.operator.server;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.mlctl.operator.reconcile.RolloutPlan;
import io.mlctl.rollout.api.LoggingSpec;
import io.mlctl.rollout.api.ModelRollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The ClusterIP Service in front of one version's server; the HTTPRoute's backendRefs point at it. */
public class ServerService extends CRUDKubernetesDependentResource<Service, ModelRollout> {
    private final VersionRole role;

    public ServerService(VersionRole role) {
        super(Service.class, role.label() + "-service");
        this.role = role;
    }

    @Override
    protected Service desired(ModelRollout rollout, Context<ModelRollout> context) {
        return build(RolloutPlan.of(context).server(role).config(), rollout.getMetadata().getNamespace());
    }

    /**
     * {@code http} targets the container port of that name (the logger's when there is one), {@code metrics} the
     * model server's metrics port by number (behind a logger it may be the server's internal HTTP port), and
     * {@code logger-admin} the logger's /metrics, for a ServiceMonitor.
     */
    public static Service build(ServerConfig c, String namespace) {
        List<ServicePort> ports = new ArrayList<>();
        ports.add(port(RuntimePreset.HTTP_PORT_NAME, c.port(), new IntOrString(RuntimePreset.HTTP_PORT_NAME)));
        if (c.metricsPort() != c.port()) {
            ports.add(port("metrics", c.metricsPort(), new IntOrString(c.metricsPort())));
        }
        if (c.logger() != null) {
            ports.add(port(LoggerSidecar.ADMIN_PORT_NAME, LoggingSpec.ADMIN_PORT, new IntOrString(LoggerSidecar.ADMIN_PORT_NAME)));
        }
        return new ServiceBuilder()
                .withNewMetadata().withName(c.name()).withNamespace(namespace)
                .withLabels(ServerDeployment.labels(c)).endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(ServerNames.selector(c.model(), c.version()))
                .withPorts(ports)
                .endSpec()
                .build();
    }

    private static ServicePort port(String name, int port, IntOrString target) {
        return new ServicePortBuilder().withName(name).withPort(port).withTargetPort(target).withProtocol("TCP").build();
    }

    @Override
    public Optional<Service> getSecondaryResource(ModelRollout rollout, Context<ModelRollout> context) {
        ResourceID id = new ResourceID(RolloutPlan.of(context).server(role).config().name(), rollout.getMetadata().getNamespace());
        return eventSource().flatMap(es -> es.get(id));
    }
}
