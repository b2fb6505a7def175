package io.mlctl.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.mlctl.operator.server.LoggerSidecar;
import io.mlctl.operator.server.LoggerTokenSecret;
import io.mlctl.operator.server.VersionRole;
import io.mlctl.operator.server.ServerDeployment;
import io.mlctl.operator.server.ServerService;
import io.mlctl.operator.traffic.ModelRoute;
import io.mlctl.rollout.api.Labels;
import io.mlctl.rollout.api.ModelRollout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;

/**
 * The Kubernetes objects a rollout writes (both versions' Deployments and Services, and the HTTPRoute it steers),
 * the informers that watch them, and the order a plan is applied in.
 */
final class RolloutResources {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutResources.class);

    private final LoggerSidecar.Settings logger;
    private final ServerDeployment baselineDeployment;
    private final ServerDeployment candidateDeployment;
    private final LoggerTokenSecret loggerToken;
    private final ServerService baselineService = new ServerService(VersionRole.BASELINE);
    private final ServerService candidateService = new ServerService(VersionRole.CANDIDATE);
    private final ModelRoute route = new ModelRoute();

    RolloutResources(LoggerSidecar.Settings logger) {
        this.logger = logger;
        this.baselineDeployment = new ServerDeployment(VersionRole.BASELINE, logger);
        this.candidateDeployment = new ServerDeployment(VersionRole.CANDIDATE, logger);
        this.loggerToken = new LoggerTokenSecret(logger);
    }

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
        // only the Secrets of the one name (RBAC grants list/watch for it by resourceNames); a change of one needs no
        // reconciliation: the next one of any rollout in that namespace puts the token back
        InformerEventSource<Secret, ModelRollout> secrets = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Secret.class, ModelRollout.class).withName("logger-token-secrets")
                        .withFieldSelector(new FieldSelector(new FieldSelector.Field("metadata.name", logger.tokenSecret())))
                        .withSecondaryToPrimaryMapper(secret -> Set.of()).build(), context);
        loggerToken.setEventSource(secrets);
        baselineDeployment.setEventSource(deployments);
        candidateDeployment.setEventSource(deployments);
        baselineService.setEventSource(services);
        candidateService.setEventSource(services);
        route.setEventSource(routes);
        return List.of(deployments, services, routes, secrets);
    }

    /**
     * Servers that take traffic are applied before the route, servers that lose it after: traffic never points at
     * a server that is being scaled away.
     */
    void apply(ModelRollout rollout, RolloutPlan plan, Context<ModelRollout> context) {
        plan.attachTo(context);
        // the token first: a logger container that starts before its Secret exists runs without a token
        if (logger.token() != null && (plan.baseline().config().logger() != null || plan.candidate().config().logger() != null)) {
            log("loggerToken", loggerToken.reconcile(rollout, context));
        }
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
