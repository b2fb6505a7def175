package io.mlctl.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.mlctl.operator.testing.OperatorHarness;
import io.mlctl.operator.testing.Registry;
import io.mlctl.rollout.api.GuardrailsSpec;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.RolloutPhase;
import io.mlctl.rollout.api.StrategySpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.mlctl.operator.testing.Rollouts.canary;
import static io.mlctl.operator.testing.Rollouts.guardrails;
import static io.mlctl.operator.testing.Rollouts.preset;
import static io.mlctl.operator.testing.Rollouts.rollout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the CRD's schema would refuse still reaches the operator from an API server that skipped it (this test
 * server, an outdated CRD): it answers with an InvalidSpec condition and a message, and acts on nothing.
 */
class InvalidSpecTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void twoStrategiesAreInvalidUntilTheSpecIsFixed() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).startOperator()) {
            Registry registry = new Registry(h.controlPlane());
            int[] v = registry.modelWithTwoVersions("broken", "triton");
            int v1 = v[0];
            int v2 = v[1];
            StrategySpec both = new StrategySpec(canary("10:10m").canary(), new StrategySpec.ShadowStrategy(100, "1h", null), null);
            h.create(rollout("invalid", "broken-v2", "broken", Integer.toString(v2), both, null, false));

            ModelRollout r = h.await("invalid", "broken-v2", "failed", x -> x.getStatus() != null && x.getStatus().getPhase() == RolloutPhase.FAILED);
            Condition c = condition(r, "InvalidSpec");
            assertEquals("True", c.getStatus());
            assertEquals("InvalidSpec", c.getReason());
            assertEquals("spec.strategy needs exactly one of canary, shadow or abTest", c.getMessage());
            assertEquals("invalid: spec.strategy needs exactly one of canary, shadow or abTest", r.getStatus().getMessage());
            assertNull(h.cluster().deployment("invalid", "broken-v2"), "nothing is deployed for an invalid spec");
            assertTrue(h.events("invalid", "broken-v2").stream().anyMatch(e -> "Warning".equals(e.getType()) && "InvalidSpec".equals(e.getReason())));

            h.client().resources(ModelRollout.class).inNamespace("invalid").withName("broken-v2").edit(x -> {
                x.setSpec(new io.mlctl.rollout.api.ModelRolloutSpec(x.getSpec().model(), x.getSpec().baseline(), x.getSpec().candidate(),
                        null, x.getSpec().traffic(), canary("10:10m"), null, null, null, null, null));
                return x;
            });
            r = h.await("invalid", "broken-v2", "valid again", x -> x.getStatus().getPhase() == RolloutPhase.PENDING);
            assertEquals("False", condition(r, "InvalidSpec").getStatus());
            h.await("invalid", "broken-v2", "servers requested", x -> h.cluster().deployment("invalid", "broken-v2") != null);
        }
    }

    @Test
    void presetsTheRuntimeCannotServeAndMissingVersionsAreInvalid() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).startOperator()) {
            Registry registry = new Registry(h.controlPlane());
            int[] v = registry.modelWithTwoVersions("wrongpreset", "triton");
            int v1 = v[0];
            int v2 = v[1];
            h.create(rollout("invalid2", "ttft", "wrongpreset", Integer.toString(v2), canary("10:10m"),
                    guardrails(0, 0, GuardrailsSpec.OnInconclusive.PAUSE, preset("ttft", "ttft-p99", 500)), false));
            ModelRollout r = h.await("invalid2", "ttft", "failed", x -> x.getStatus() != null && x.getStatus().getPhase() == RolloutPhase.FAILED);
            assertEquals("guardrail ttft: preset ttft-p99 is not available for runtime triton (it does not export the metric); write a query instead",
                    condition(r, "InvalidSpec").getMessage());

            h.create(rollout("invalid2", "ghost", "wrongpreset", "99", canary("10:10m"), null, false));
            r = h.await("invalid2", "ghost", "failed", x -> x.getStatus() != null && x.getStatus().getPhase() == RolloutPhase.FAILED);
            assertEquals("VersionNotFound", condition(r, "InvalidSpec").getReason());
            assertTrue(condition(r, "InvalidSpec").getMessage().startsWith("spec.candidate 99: HTTP 404"), condition(r, "InvalidSpec").getMessage());
        }
    }

    static Condition condition(ModelRollout r, String type) {
        return r.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }
}
