package io.mlctl.operator.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.mlctl.api.retrain.RetrainTrigger;
import io.mlctl.operator.controlplane.HttpControlPlane;
import io.mlctl.operator.testing.OperatorHarness;
import io.mlctl.operator.testing.Registry;
import io.mlctl.rollout.api.Conditions;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutStatus.RetrainState;
import io.mlctl.rollout.api.ModelRolloutStatus.RetrainStatus;
import io.mlctl.rollout.api.RolloutPhase;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.mlctl.operator.testing.Rollouts.candidateWeight;
import static io.mlctl.operator.testing.Rollouts.canary;
import static io.mlctl.operator.testing.Rollouts.rollout;
import static io.mlctl.operator.testing.Rollouts.weights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * retrain.onRollback while the control plane is away: the rollback happens anyway, the trigger is owed in the
 * status and asked for again with backoff (across an operator restart) until the control plane is back; then
 * exactly one trigger exists and the status names it.
 */
class RetrainOnRollbackTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static RetrainStatus retrain(ModelRollout r) {
        return r.getStatus().getRetrain();
    }

    private static Condition condition(ModelRollout r, String type) {
        return r.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }

    private static JsonNode triggers(TestHttp http, String model) {
        return http.get("/api/v1/models/" + model + "/retrain/triggers").assertStatus(200).json();
    }

    @Test
    void aTriggerThatFailsAtRollbackIsRetriedUntilTheControlPlaneTakesIt() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).controlPlaneThroughProxy().startOperator()) {
            TestHttp http = h.controlPlane().http();
            int[] v = new Registry(h.controlPlane()).modelWithTwoVersions("relearn", "triton");
            // deliveries go nowhere: the test checks that the operator's trigger reached the control plane
            http.put("/api/v1/models/relearn/retrain/policy", Map.of("webhook", "http://127.0.0.1:9/retrain", "secret", "s3cret"))
                    .assertStatus(200);
            h.create(rollout("relearn", "relearn-v2", "relearn", Integer.toString(v[1]), canary("20:5m", "50:5m"), null, true));
            h.serversReady("relearn", "relearn-v2", "relearn");
            h.await("relearn", "relearn-v2", "first step", x -> candidateWeight(x) == 20);

            // the control plane goes away, then the user aborts
            h.controlPlaneProxy().cut();
            assertEquals(0, h.mlctl("rollout", "abort", "relearn-v2", "-n", "relearn").exit());
            ModelRollout r = h.await("relearn", "relearn-v2", "rolled back", x -> x.getStatus().getPhase() == RolloutPhase.ROLLED_BACK);
            assertEquals(List.of("relearn-v1=100", "relearn-v2=0"), weights(h.cluster().route("relearn", "relearn")),
                    "the rollback does not wait for the control plane");
            assertEquals(RetrainState.PENDING, retrain(r).state(), retrain(r).toString());
            assertEquals(1, retrain(r).attempts());
            assertEquals("aborted", retrain(r).reason());
            assertTrue(retrain(r).lastError().contains("unreachable"), retrain(r).lastError());
            assertEquals(T0.plus(RetrainRequests.FIRST_RETRY), retrain(r).nextAttemptAt());
            assertEquals("False", condition(r, Conditions.RETRAIN_REQUESTED).getStatus());
            assertEquals("TriggerPending", condition(r, Conditions.RETRAIN_REQUESTED).getReason());
            assertTrue(r.getStatus().getMessage().startsWith("rolled back: aborted by the user (mlctl rollout abort)"), r.getStatus().getMessage());
            assertTrue(r.getStatus().getMessage().contains("; retrain trigger pending: attempt 1 failed"), r.getStatus().getMessage());
            assertEquals(0, triggers(http, "relearn").path("total").asInt());

            // still away at the next attempt: backoff doubles
            h.advance(RetrainRequests.FIRST_RETRY);
            r = h.await("relearn", "relearn-v2", "second attempt", x -> retrain(x).attemptsOrZero() == 2);
            assertEquals(RetrainState.PENDING, retrain(r).state());
            assertEquals(T0.plus(RetrainRequests.FIRST_RETRY).plus(Duration.ofMinutes(1)), retrain(r).nextAttemptAt());

            // the operator restarts meanwhile: what is owed is in the status, and the new process asks
            h.stopOperator();
            h.startOperator();
            h.controlPlaneProxy().restore();
            h.advance(Duration.ofMinutes(1));  // T0+1m30s: the third attempt is due
            r = h.await("relearn", "relearn-v2", "retrain requested", x -> retrain(x).state() == RetrainState.REQUESTED);
            JsonNode list = triggers(http, "relearn");
            assertEquals(1, list.path("total").asInt(), list.toString());
            JsonNode trigger = list.at("/items/0");
            assertEquals(trigger.path("id").asLong(), retrain(r).triggerId());
            assertEquals(3, retrain(r).attempts());
            assertEquals("rollback", trigger.path("reason").asText());
            assertEquals(v[1], trigger.path("version").asInt());
            assertEquals("aborted", trigger.at("/evidence/reason").asText());
            assertEquals("relearn/relearn-v2", trigger.at("/evidence/rollout").asText());
            assertEquals("True", condition(r, Conditions.RETRAIN_REQUESTED).getStatus());
            assertTrue(r.getStatus().getMessage().endsWith("; retrain triggered (trigger " + retrain(r).triggerId() + ")"),
                    r.getStatus().getMessage());
            List<String> reasons = h.events("relearn", "relearn-v2").stream().map(Event::getReason).toList();
            assertTrue(reasons.contains("RetrainTriggerFailed") && reasons.contains("RetrainTriggered"), reasons.toString());

            // nothing more is asked once it was taken
            h.advance(Duration.ofMinutes(30));
            assertEquals(1, triggers(http, "relearn").path("total").asInt());

            // retrying is idempotent: had an attempt's answer been lost, the repeat gets the same trigger back
            RetrainTrigger again = new HttpControlPlane(h.controlPlane().url(), h.controlPlane().adminToken(), Duration.ofSeconds(5))
                    .triggerRetrain("relearn", v[1], RetrainRequests.REASON, Map.of("rollout", "relearn/relearn-v2"));
            assertEquals(retrain(r).triggerId(), again.id());
            assertEquals(1, triggers(http, "relearn").path("total").asInt());

            OperatorHarness.CliRun status = h.mlctl("rollout", "status", "relearn-v2", "-n", "relearn");
            assertEquals(0, status.exit(), status.err());
            assertTrue(status.out().contains("Retrain:") && status.out().contains("trigger " + retrain(r).triggerId()), status.out());
        }
    }

    @Test
    void aTriggerTheControlPlaneRefusesIsNotRetried() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).startOperator()) {
            int[] v = new Registry(h.controlPlane()).modelWithTwoVersions("nopolicy", "triton");
            h.create(rollout("nopolicy", "nopolicy-v2", "nopolicy", Integer.toString(v[1]), canary("20:5m"), null, true));
            h.serversReady("nopolicy", "nopolicy-v2", "nopolicy");
            h.await("nopolicy", "nopolicy-v2", "first step", x -> candidateWeight(x) == 20);
            assertEquals(0, h.mlctl("rollout", "abort", "nopolicy-v2", "-n", "nopolicy").exit());
            ModelRollout r = h.await("nopolicy", "nopolicy-v2", "rolled back", x -> x.getStatus().getPhase() == RolloutPhase.ROLLED_BACK);
            assertEquals(RetrainState.REFUSED, retrain(r).state(), retrain(r).toString());
            assertTrue(retrain(r).lastError().contains("has no retrain policy"), retrain(r).lastError());
            assertEquals("TriggerRefused", condition(r, Conditions.RETRAIN_REQUESTED).getReason());
            assertNotNull(r.getStatus().getMessage());
            assertTrue(r.getStatus().getMessage().contains("; retrain trigger refused: "), r.getStatus().getMessage());
            h.advance(Duration.ofMinutes(30));
            assertEquals(1, retrain(h.cluster().rollout("nopolicy", "nopolicy-v2")).attempts(), "a refusal is not retried");
        }
    }
}
