package io.mlctl.operator.reconcile;

import io.mlctl.operator.testing.OperatorHarness;
import io.mlctl.operator.testing.Registry;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutSpec;
import io.mlctl.rollout.api.RolloutPhase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import static io.mlctl.operator.testing.Rollouts.candidateWeight;
import static io.mlctl.operator.testing.Rollouts.canary;
import static io.mlctl.operator.testing.Rollouts.rollout;
import static io.mlctl.operator.testing.Rollouts.weights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code mlctl rollout promote|abort} write into the spec, and a promotion that must not overrule someone else. */
class ManualCommandsTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static int[] started(OperatorHarness h, String ns, String model) {
        int[] v = new Registry(h.controlPlane()).modelWithTwoVersions(model, "torchserve");
        h.create(rollout(ns, model + "-v2", model, Integer.toString(v[1]), canary("10:1h", "50:1h"), null, false));
        h.serversReady(ns, model + "-v2", model);
        h.await(ns, model + "-v2", "first step", x -> candidateWeight(x) == 10);
        return v;
    }

    private static void edit(OperatorHarness h, String ns, String name, UnaryOperator<ModelRolloutSpec> change) {
        h.client().resources(ModelRollout.class).inNamespace(ns).withName(name).edit(r -> {
            r.setSpec(change.apply(r.getSpec()));
            return r;
        });
    }

    @Test
    void promoteSkipsTheRemainingSteps() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).startOperator()) {
            int[] v = started(h, "manual", "ranker2");
            edit(h, "manual", "ranker2-v2", s -> s.withPromote(true));
            ModelRollout r = h.await("manual", "ranker2-v2", "promoted", x -> x.getStatus().getPhase() == RolloutPhase.SUCCEEDED);
            assertTrue(r.getStatus().getMessage().startsWith("promoted by the user (mlctl rollout promote); @production now points at version " + v[1]),
                    r.getStatus().getMessage());
            assertEquals(v[1], new Registry(h.controlPlane()).aliasVersion("ranker2", "production"));
            assertEquals(List.of("ranker2-v1=0", "ranker2-v2=100"), weights(h.cluster().route("manual", "ranker2")));
        }
    }

    @Test
    void abortRollsBack() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).startOperator()) {
            started(h, "manual-abort", "ranker3");
            edit(h, "manual-abort", "ranker3-v2", s -> s.withAbort(true));
            ModelRollout r = h.await("manual-abort", "ranker3-v2", "rolled back", x -> x.getStatus().getPhase() == RolloutPhase.ROLLED_BACK);
            assertTrue(r.getStatus().getMessage().startsWith("rolled back: aborted by the user (mlctl rollout abort)"), r.getStatus().getMessage());
            assertEquals(0, h.cluster().deployment("manual-abort", "ranker3-v2").getSpec().getReplicas());
            assertTrue(h.metrics().contains("mlctl_rollouts_rolled_back_total{reason=\"aborted\"} 1.0"), h.metrics());
        }
    }

    @Test
    void deletingAnUnfinishedRolloutGivesTheTrafficBack() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).startOperator()) {
            started(h, "manual-delete", "ranker5");
            assertEquals(List.of("ranker5-v1=90", "ranker5-v2=10"), weights(h.cluster().route("manual-delete", "ranker5")));
            assertTrue(h.cluster().rollout("manual-delete", "ranker5-v2").getMetadata().getFinalizers().size() == 1,
                    "the operator holds a finalizer while it may have to undo traffic");
            h.client().resources(ModelRollout.class).inNamespace("manual-delete").withName("ranker5-v2").delete();
            org.awaitility.Awaitility.await("deleted").atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> h.cluster().rollout("manual-delete", "ranker5-v2") == null);
            assertEquals(List.of("ranker5-v1=100", "ranker5-v2=0"), weights(h.cluster().route("manual-delete", "ranker5")));
        }
    }

    @Test
    void aPromotionNeverOverrulesAnAliasMovedMeanwhile() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).startOperator()) {
            int[] v = started(h, "manual-cas", "ranker4");
            Registry registry = new Registry(h.controlPlane());
            int hotfix = registry.version("ranker4", "torchserve", null, null);
            registry.alias("ranker4", "production", hotfix);   // someone ships a hotfix by hand
            edit(h, "manual-cas", "ranker4-v2", s -> s.withPromote(true));
            ModelRollout r = h.await("manual-cas", "ranker4-v2", "refused", x -> x.getStatus().getPhase() == RolloutPhase.FAILED);
            assertTrue(r.getStatus().getMessage().startsWith("promotion refused: moving @production of ranker4 from version " + v[0]
                    + " to " + v[1] + " failed (HTTP 409"), r.getStatus().getMessage());
            assertEquals(hotfix, registry.aliasVersion("ranker4", "production"), "the hotfix stays in production");
            assertEquals(List.of("ranker4-v1=100", "ranker4-v2=0"), weights(h.cluster().route("manual-cas", "ranker4")));
        }
    }
}
