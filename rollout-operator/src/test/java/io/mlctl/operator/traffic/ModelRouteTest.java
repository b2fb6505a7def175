package io.mlctl.operator.traffic;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.mlctl.operator.reconcile.RolloutPlan;
import io.mlctl.operator.server.ServerConfig;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutSpec;
import io.mlctl.rollout.api.Runtime;
import io.mlctl.rollout.api.StrategySpec;
import io.mlctl.rollout.api.TrafficSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ModelRouteTest {
    private static final ServerConfig V7 = new ServerConfig("fraud", 7, "s3://m/7", Runtime.TRITON, "img", 2, 1, null, 8000, 8002, null, null, null);
    private static final ServerConfig V8 = new ServerConfig("fraud", 8, "s3://m/8", Runtime.TRITON, "img", 2, 1, null, 8000, 8002, null, null, null);

    private static ModelRollout rollout(TrafficSpec traffic) {
        ModelRolloutSpec spec = new ModelRolloutSpec("fraud", "@production", "8", null, traffic,
                new StrategySpec(new StrategySpec.CanaryStrategy(List.of(new StrategySpec.CanaryStep(5, "10m"))), null, null),
                null, null, null, null, null);
        return new ModelRollout("ml-serving", "fraud-v8", spec);
    }

    private static RolloutPlan plan(TrafficPlan t) {
        return new RolloutPlan(new RolloutPlan.ServerPlan(V7, 2), new RolloutPlan.ServerPlan(V8, 2), t);
    }

    private static List<String> weights(HTTPRouteRule rule) {
        return rule.getBackendRefs().stream().map((HTTPBackendRef b) -> b.getName() + "=" + b.getWeight()).toList();
    }

    @Test
    void canaryWeightsKeepTheExistingRoutesGatewayAndHostnames() {
        HTTPRoute existing = new HTTPRouteBuilder().withNewMetadata().withName("fraud").withNamespace("ml-serving").endMetadata()
                .withNewSpec().addNewParentRef().withName("public").withNamespace("gateways").endParentRef()
                .withHostnames("fraud.example.com").endSpec().build();
        HTTPRoute r = ModelRoute.build(rollout(new TrafficSpec("fraud", null, null, null)), plan(TrafficPlan.canary(25)), existing);
        assertEquals("public", r.getSpec().getParentRefs().get(0).getName());
        assertEquals(List.of("fraud.example.com"), r.getSpec().getHostnames());
        assertEquals(1, r.getSpec().getRules().size());
        HTTPRouteRule rule = r.getSpec().getRules().get(0);
        assertEquals(List.of("fraud-v7=75", "fraud-v8=25"), weights(rule));
        assertEquals(8000, rule.getBackendRefs().get(1).getPort());
        assertNull(rule.getFilters());
    }

    @Test
    void shadowMirrorsAShareToTheCandidateWhileTheBaselineAnswers() {
        HTTPRoute r = ModelRoute.build(rollout(new TrafficSpec("fraud", null, new TrafficSpec.GatewayRef("public", "gateways", "https"), null)),
                plan(TrafficPlan.mirror(40)), null);
        HTTPRouteRule rule = r.getSpec().getRules().get(0);
        assertEquals(List.of("fraud-v7=100", "fraud-v8=0"), weights(rule));
        assertEquals("RequestMirror", rule.getFilters().get(0).getType());
        assertEquals("fraud-v8", rule.getFilters().get(0).getRequestMirror().getBackendRef().getName());
        assertEquals(40, rule.getFilters().get(0).getRequestMirror().getPercent());
        assertEquals("https", r.getSpec().getParentRefs().get(0).getSectionName());
    }

    @Test
    void abTestPinsArmsByHeaderAndSplitsTheRest() {
        HTTPRoute r = ModelRoute.build(rollout(new TrafficSpec("fraud", "gw-ns", null, null)), plan(TrafficPlan.split(50, "x-mlctl-arm")), null);
        assertEquals("gw-ns", r.getMetadata().getNamespace());
        List<HTTPRouteRule> rules = r.getSpec().getRules();
        assertEquals(3, rules.size());
        assertEquals("x-mlctl-arm", rules.get(0).getMatches().get(0).getHeaders().get(0).getName());
        assertEquals("treatment", rules.get(0).getMatches().get(0).getHeaders().get(0).getValue());
        assertEquals(List.of("fraud-v8=1"), weights(rules.get(0)));
        assertEquals("control", rules.get(1).getMatches().get(0).getHeaders().get(0).getValue());
        assertEquals(List.of("fraud-v7=1"), weights(rules.get(1)));
        assertEquals(List.of("fraud-v7=50", "fraud-v8=50"), weights(rules.get(2)));
        // the route lives in another namespace, so backendRefs name the servers' namespace
        assertEquals("ml-serving", rules.get(2).getBackendRefs().get(0).getNamespace());
    }
}
