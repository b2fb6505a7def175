package io.mlctl.operator.traffic;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilterBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesResourceMatcher;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.mlctl.operator.reconcile.RolloutPlan;
import io.mlctl.operator.server.ServerConfig;
import io.mlctl.rollout.api.Labels;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.TrafficSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Gateway API HTTPRoute in front of a model. The operator owns its {@code rules}: weighted backendRefs
 * (canary, A/B), a RequestMirror filter with a percent (shadow), and header matches that pin A/B arms. The route
 * outlives rollouts (no owner reference; JOSDK's primary-name annotations say which rollout last wrote it); an
 * existing route keeps its parentRefs and hostnames.
 */
public class ModelRoute extends CRUDNoGCKubernetesDependentResource<HTTPRoute, ModelRollout> {
    public ModelRoute() {
        super(HTTPRoute.class);
    }

    public static String namespace(ModelRollout rollout) {
        String ns = rollout.getSpec().traffic().namespace();
        return ns == null || ns.isBlank() ? rollout.getMetadata().getNamespace() : ns;
    }

    @Override
    protected HTTPRoute desired(ModelRollout rollout, Context<ModelRollout> context) {
        RolloutPlan plan = RolloutPlan.of(context);
        Optional<HTTPRoute> actual = getSecondaryResource(rollout, context);
        return build(rollout, plan, actual.orElse(null));
    }

    /** The route for the plan; parentRefs and hostnames come from the spec, else from the existing route. */
    public static HTTPRoute build(ModelRollout rollout, RolloutPlan plan, HTTPRoute existing) {
        TrafficSpec traffic = rollout.getSpec().traffic();
        String ns = namespace(rollout);
        List<ParentReference> parents = new ArrayList<>();
        if (traffic.gateway() != null) {
            parents.add(new ParentReferenceBuilder().withGroup("gateway.networking.k8s.io").withKind("Gateway")
                    .withName(traffic.gateway().name()).withNamespace(traffic.gateway().namespace())
                    .withSectionName(traffic.gateway().sectionName()).build());
        } else if (existing != null && existing.getSpec() != null && existing.getSpec().getParentRefs() != null) {
            parents.addAll(existing.getSpec().getParentRefs());
        }
        List<String> hostnames = traffic.hostnames() != null ? traffic.hostnames()
                : existing != null && existing.getSpec() != null ? existing.getSpec().getHostnames() : null;

        String serviceNs = rollout.getMetadata().getNamespace().equals(ns) ? null : rollout.getMetadata().getNamespace();
        ServerConfig baseline = plan.baseline().config();
        ServerConfig candidate = plan.candidate().config();
        TrafficPlan t = plan.traffic();

        List<HTTPRouteRule> rules = new ArrayList<>();
        if (t.stickyHeader() != null) {
            // pinned arms first: Gateway API gives header matches precedence over the plain prefix match
            rules.add(rule(header(t.stickyHeader(), TrafficPlan.TREATMENT), List.of(backend(candidate, serviceNs, 1)), null));
            rules.add(rule(header(t.stickyHeader(), TrafficPlan.CONTROL), List.of(backend(baseline, serviceNs, 1)), null));
        }
        List<HTTPRouteFilter> filters = null;
        if (t.mirrorPercent() > 0) {
            filters = List.of(new HTTPRouteFilterBuilder().withType("RequestMirror")
                    .withNewRequestMirror()
                    .withNewBackendRef().withGroup("").withKind("Service").withName(candidate.name())
                    .withNamespace(serviceNs).withPort(candidate.port()).endBackendRef()
                    .withPercent(t.mirrorPercent())
                    .endRequestMirror().build());
        }
        rules.add(rule(prefixMatch(), List.of(backend(baseline, serviceNs, t.baselineWeight()),
                backend(candidate, serviceNs, t.candidateWeight())), filters));

        return new HTTPRouteBuilder()
                .withNewMetadata().withName(traffic.httpRoute()).withNamespace(ns)
                .withLabels(Map.of(Labels.MANAGED_BY, Labels.OPERATOR, Labels.MODEL, rollout.getSpec().model()))
                .endMetadata()
                .withNewSpec()
                .withParentRefs(parents)
                .withHostnames(hostnames)
                .withRules(rules)
                .endSpec()
                .build();
    }

    private static HTTPRouteRule rule(HTTPRouteMatch match, List<HTTPBackendRef> backends, List<HTTPRouteFilter> filters) {
        return new HTTPRouteRuleBuilder().withMatches(match).withBackendRefs(backends).withFilters(filters).build();
    }

    private static HTTPRouteMatch prefixMatch() {
        return new HTTPRouteMatchBuilder().withNewPath().withType("PathPrefix").withValue("/").endPath().build();
    }

    private static HTTPRouteMatch header(String name, String value) {
        return new HTTPRouteMatchBuilder().withNewPath().withType("PathPrefix").withValue("/").endPath()
                .addNewHeader().withType("Exact").withName(name).withValue(value).endHeader().build();
    }

    // group, kind and weight are written out (they are the API's defaults) so the route compares equal to
    // what the API server stores and is not rewritten on every reconciliation
    private static HTTPBackendRef backend(ServerConfig server, String namespace, int weight) {
        return new HTTPBackendRefBuilder().withGroup("").withKind("Service").withName(server.name())
                .withNamespace(namespace).withPort(server.port()).withWeight(weight).build();
    }

    /**
     * Rules are compared for equality, not containment: JOSDK's default matcher treats an actual list that is a
     * superset of the desired one as a match, which would leave a removed mirror filter in place. They are compared
     * as JSON, where an absent list and an empty one are the same.
     */
    @Override
    public Matcher.Result<HTTPRoute> match(HTTPRoute actual, HTTPRoute desired, ModelRollout primary, Context<ModelRollout> context) {
        addMetadata(true, actual, desired, primary, context);
        KubernetesSerialization json = context.getClient().getKubernetesSerialization();
        boolean same = actual.getSpec() != null
                && json.asJson(actual.getSpec().getRules()).equals(json.asJson(desired.getSpec().getRules()))
                && json.asJson(actual.getSpec().getParentRefs()).equals(json.asJson(desired.getSpec().getParentRefs()))
                && GenericKubernetesResourceMatcher.match(desired, actual, false, false, context).matched();
        return Matcher.Result.computed(same, desired);
    }

    /**
     * A rollout deleted mid-way (its candidate's server goes with it) hands all traffic back to the baseline, if the
     * route is still the one it steered: header rules and mirror filters go, the baseline gets 100.
     */
    public static void restoreBaseline(KubernetesClient client, ModelRollout rollout, String baselineServer, String candidateServer) {
        var resource = client.resources(HTTPRoute.class).inNamespace(namespace(rollout)).withName(rollout.getSpec().traffic().httpRoute());
        HTTPRoute route = resource.get();
        if (route == null || route.getSpec() == null || !rollout.getMetadata().getName().equals(
                route.getMetadata().getAnnotations().get(Mappers.DEFAULT_ANNOTATION_FOR_NAME))) {
            return;
        }
        resource.edit(r -> {
            List<HTTPRouteRule> rules = new ArrayList<>();
            for (HTTPRouteRule rule : r.getSpec().getRules()) {
                boolean pinned = rule.getMatches() != null && rule.getMatches().stream().anyMatch(m -> m.getHeaders() != null && !m.getHeaders().isEmpty());
                if (pinned) {
                    continue;
                }
                rule.setFilters(rule.getFilters() == null ? null : rule.getFilters().stream()
                        .filter(f -> !"RequestMirror".equals(f.getType())).toList());
                for (HTTPBackendRef b : rule.getBackendRefs()) {
                    b.setWeight(b.getName().equals(baselineServer) ? 100 : b.getName().equals(candidateServer) ? 0 : b.getWeight());
                }
                rules.add(rule);
            }
            r.getSpec().setRules(rules);
            return r;
        });
    }

    @Override
    public Optional<HTTPRoute> getSecondaryResource(ModelRollout rollout, Context<ModelRollout> context) {
        ResourceID id = new ResourceID(rollout.getSpec().traffic().httpRoute(), namespace(rollout));
        return eventSource().flatMap(es -> es.get(id));
    }
}
