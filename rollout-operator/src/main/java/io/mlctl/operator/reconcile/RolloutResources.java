package io.mlctl.operator.reconcile;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.mlctl.operator.server.Role;
import io.mlctl.operator.server.ServerDeployment;
import io.mlctl.operator.server.ServerService;
import io.mlctl.operator.traffic.ModelRoute;
import io.mlctl.rollout.api.Labels;
import io.mlctl.rollout.api.ModelRollout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The Kubernetes objects a rollout writes (both versions' Deployments and Services, and the HTTPRoute it steers),
 * the informers that watch them, and the order a plan is applied in.
 */
final class RolloutResources {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutResources.class);

    private final ServerDeployment baselineDeployment = new ServerDeployment(Role.BASELINE);
    private final ServerDeployment candidateDeployment = new ServerDeployment(Role.CANDIDATE);
    private final ServerService baselineService = new ServerService(Role.BASELINE);
    private final ServerService candidateService = new ServerService(Role.CANDIDATE);
    private final ModelRoute route = new ModelRoute();

    List<EventSource<?, ModelRollout>> eventSources(EventSourceContext<ModelRollout> context) {
        String managed = Labels.MANAGED_BY + "=" + Labels.OPERATOR;
        InformerEventSource<Deployment, ModelRollout> deployments = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Deployment.class, ModelRollout.class).withName("deployments")
                        .withLabelSelector(managed)
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(ModelRollout.class, false)).build(), context);
        InformerEventSource<Service, ModelRollout> services = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Service.class, ModelRollout.class).withName("services")
                        .withLabelSelector(managed)
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(ModelRollout.class, false)).build(), context);
        // routes are the user's (no label selector); JOSDK's annotations name the rollout that last wrote one
        InformerEventSource<HTTPRoute, ModelRollout> routes = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(HTTPRoute.class, ModelRollout.class).withName("httproutes")
                        .withSecondaryToPrimaryMapper(Mappers.fromDefaultAnnotations(ModelRollout.class)).build(), context);
        baselineDeployment.setEventSource(deployments);
        candidateDeployment.setEventSource(deployments);
        baselineService.setEventSource(services);
        candidateService.setEventSource(services);
        route.setEventSource(routes);
        return List.of(deployments, services, routes);
    }

    /**
     * Servers that take traffic are applied before the route, servers that lose it after: traffic never points at
     * a server that is being scaled away.
     */
    void apply(ModelRollout rollout, RolloutPlan plan, Context<ModelRollout> context) {
        plan.attachTo(context);
        boolean baselineUp = plan.baseline().replicas() > 0;
        boolean candidateUp = plan.candidate().replicas() > 0;
        if (baselineUp) {
            log("baselineDeployment", baselineDeployment.reconcile(rollout, context));
        }
        if (candidateUp) {
            log("candidateDeployment", candidateDeployment.reconcile(rollout, context));
        }
        log("baselineService", baselineService.reconcile(rollout, context));
        log("candidateService", candidateService.reconcile(rollout, context));
        log("route", route.reconcile(rollout, context));
        if (!baselineUp) {
            log("baselineDeployment", baselineDeployment.reconcile(rollout, context));
        }
        if (!candidateUp) {
            log("candidateDeployment", candidateDeployment.reconcile(rollout, context));
        }
    }

    /** A server's Deployment from the informer cache, whichever rollout created it (null when there is none). */
    Deployment deployment(String name, String namespace) {
        return baselineDeployment.eventSource().flatMap(es -> es.get(new ResourceID(name, namespace))).orElse(null);
    }

    /** Which objects a reconciliation wrote, for the debug log (nothing is written when they match). */
    private static void log(String dependent, ReconcileResult<?> r) {
        if (LOG.isDebugEnabled() && r.getSingleOperation() != ReconcileResult.Operation.NONE) {
            LOG.debug("{}: {}", dependent, r.getSingleOperation());
        }
    }
}
