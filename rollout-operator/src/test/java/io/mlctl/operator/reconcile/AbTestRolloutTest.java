package io.mlctl.operator.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.mlctl.experiment.StickyAssignment;
import io.mlctl.operator.testing.OperatorHarness;
import io.mlctl.operator.testing.Registry;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutSpec;
import io.mlctl.rollout.api.RetrainSpec;
import io.mlctl.rollout.api.RolloutPhase;
import io.mlctl.rollout.api.StrategySpec;
import io.mlctl.rollout.api.TrafficSpec;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.mlctl.operator.testing.Rollouts.weights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A/B rollouts judged by the control plane's experiment: its required sample size comes from the experiments
 * module (through the control plane), its verdict decides. Units are sent as a caller would, and assigned to arms
 * by the documented sticky hash.
 */
class AbTestRolloutTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    static final List<StickyAssignment.WeightedArm> ARMS =
            List.of(new StickyAssignment.WeightedArm("control", 50), new StickyAssignment.WeightedArm("treatment", 50));

    private static ModelRollout abRollout(String ns, String model, int candidate, String maxDuration, boolean retrain) {
        StrategySpec ab = new StrategySpec(null, null, new StrategySpec.AbTestStrategy(50,
                new StrategySpec.AbMetric("conversion", "proportion", 0.10, 0.2, null, null), 0.05, 0.8, maxDuration, null));
        return new ModelRollout(ns, model + "-ab", new ModelRolloutSpec(model, "@production", Integer.toString(candidate), null,
                new TrafficSpec(model, null, null, null), ab, null, retrain ? new RetrainSpec(true) : null, null, null, null));
    }

    private static int[] start(OperatorHarness h, String ns, String model, String maxDuration, boolean retrain) {
        int[] v = new Registry(h.controlPlane()).modelWithTwoVersions(model, "vllm");
        h.create(abRollout(ns, model, v[1], maxDuration, retrain));
        h.serversReady(ns, model + "-ab", model);
        return v;
    }

    /**
     * Exposes units [from, to); the treatment converts at {@code treatmentRate}, the control at 10%. Conversions are
     * spread evenly over each arm's units (the k-th unit of an arm converts when k * rate crosses an integer), so the
     * observed rates are the given ones whatever the experiment's random salt puts in each arm: the verdict after
     * each batch is deterministic. (Drawn at random, a +50% effect sometimes won early through the confidence
     * sequence before the planned samples.)
     */
    private static void units(OperatorHarness h, String experiment, int from, int to, double treatmentRate) {
        TestHttp http = h.controlPlane().http();
        String salt = http.get("/api/v1/experiments/" + experiment).assertStatus(200).json().path("salt").asText();
        Map<String, Integer> seen = new java.util.HashMap<>();
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            String unit = "user-" + i;
            b.append("{\"type\":\"exposure\",\"unit\":\"").append(unit).append("\"}\n");
            String arm = StickyAssignment.arm(salt, unit, ARMS);
            double p = arm.equals("treatment") ? treatmentRate : 0.10;
            int k = seen.merge(arm, 1, Integer::sum);
            if (Math.floor(k * p) > Math.floor((k - 1) * p)) {
                b.append("{\"type\":\"metric\",\"unit\":\"").append(unit).append("\",\"metric\":\"conversion\",\"value\":1}\n");
            }
        }
        http.send(HttpRequest.newBuilder(URI.create(h.controlPlane().url() + "/api/v1/experiments/" + experiment + "/events"))
                .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", experiment + "-" + from)
                .POST(HttpRequest.BodyPublishers.ofString(b.toString()))).assertStatus(200);
    }

    @Test
    void reachingTheSampleSizeWithAWinShipsTheCandidate() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).startOperator()) {
            int[] v = start(h, "ab", "ranker", "14d", false);
            ModelRollout r = h.await("ab", "ranker-ab", "experiment started", x -> x.getStatus().getExperimentId() != null
                    && x.getStatus().getPhase() == RolloutPhase.PROGRESSING);
            String experiment = r.getStatus().getExperimentId();
            long required = r.getStatus().getSamples().required().get("control");
            assertEquals(3841, required, "sized by the experiments module for 10% -> 12%, alpha 0.05, power 0.8");
            assertEquals(List.of("ranker-v1=50", "ranker-v2=50"), weights(h.cluster().route("ab", "ranker")));
            HTTPRoute route = h.cluster().route("ab", "ranker");
            assertEquals("treatment", route.getSpec().getRules().get(0).getMatches().get(0).getHeaders().get(0).getValue());
            assertEquals("ranker-v2", route.getSpec().getRules().get(0).getBackendRefs().get(0).getName());
            JsonNode created = h.controlPlane().http().get("/api/v1/experiments/" + experiment).assertStatus(200).json();
            assertEquals(Integer.toString(v[0]), created.at("/arms/0/version").asText());
            assertEquals(Integer.toString(v[1]), created.at("/arms/1/version").asText());

            units(h, experiment, 0, 800, 0.10);
            h.advance(Duration.ofMinutes(1));
            r = h.await("ab", "ranker-ab", "samples observed", x -> x.getStatus().getSamples().observed().getOrDefault("control", 0L) > 0);
            assertEquals(RolloutPhase.PROGRESSING, r.getStatus().getPhase());
            assertTrue(r.getStatus().getMessage().contains("KEEP_RUNNING"), r.getStatus().getMessage());
            assertEquals("False", CanaryRolloutTest.condition(r, "SampleSizeReached").getStatus());

            units(h, experiment, 800, 9200, 0.15);
            h.advance(Duration.ofMinutes(1));
            r = h.await("ab", "ranker-ab", "shipped", x -> x.getStatus().getPhase() == RolloutPhase.SUCCEEDED);
            assertTrue(r.getStatus().getMessage().startsWith("experiment " + experiment + " says SHIP"), r.getStatus().getMessage());
            assertEquals("True", CanaryRolloutTest.condition(r, "SampleSizeReached").getStatus());
            assertTrue(r.getStatus().getSamples().observed().get("treatment") >= required);
            assertEquals(v[1], new Registry(h.controlPlane()).aliasVersion("ranker", "production"));
            HTTPRoute after = h.cluster().route("ab", "ranker");
            assertEquals(1, after.getSpec().getRules().size(), "the arm header rules are gone");
            assertEquals(List.of("ranker-v1=0", "ranker-v2=100"), weights(after));
            assertEquals("stopped", h.controlPlane().http().get("/api/v1/experiments/" + experiment).json().path("status").asText());
        }
    }

    @Test
    void aLosingTestRollsBackAndAsksForARetrain() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).startOperator()) {
            new Registry(h.controlPlane());
            TestHttp http = h.controlPlane().http();
            int[] v = start(h, "ab-lose", "recsys", "14d", true);
            // deliveries go nowhere: the test only checks that the operator asked for the retrain
            http.put("/api/v1/models/recsys/retrain/policy", Map.of("webhook", "http://127.0.0.1:9/retrain", "secret", "s3cret"))
                    .assertStatus(200);
            ModelRollout r = h.await("ab-lose", "recsys-ab", "experiment started", x -> x.getStatus().getExperimentId() != null);
            String experiment = r.getStatus().getExperimentId();
            units(h, experiment, 0, 9200, 0.07);
            h.advance(Duration.ofMinutes(1));
            r = h.await("ab-lose", "recsys-ab", "rolled back", x -> x.getStatus().getPhase() == RolloutPhase.ROLLED_BACK);
            assertTrue(r.getStatus().getMessage().startsWith("rolled back: experiment " + experiment + " says DONT_SHIP"), r.getStatus().getMessage());
            assertTrue(r.getStatus().getMessage().matches(".*; retrain triggered \\(trigger [0-9]+\\)"), r.getStatus().getMessage());
            assertEquals(List.of("recsys-v1=100", "recsys-v2=0"), weights(h.cluster().route("ab-lose", "recsys")));
            assertEquals(0, h.cluster().deployment("ab-lose", "recsys-v2").getSpec().getReplicas());
            assertEquals(v[0], new Registry(h.controlPlane()).aliasVersion("recsys", "production"));
            JsonNode trigger = http.get("/api/v1/models/recsys/retrain/triggers").assertStatus(200).json().at("/items/0");
            assertEquals("rollback", trigger.path("reason").asText());
            assertEquals(trigger.path("id").asLong(), r.getStatus().getRetrain().triggerId());
            assertEquals(v[1], trigger.path("version").asInt());
            assertEquals("experiment_dont_ship", trigger.at("/evidence/reason").asText());
            assertTrue(h.metrics().contains("mlctl_rollouts_rolled_back_total{reason=\"experiment_dont_ship\"} 1.0"), h.metrics());
        }
    }

    @Test
    void noVerdictByMaxDurationRollsBack() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).startOperator()) {
            start(h, "ab-slow", "slowab", "2h", false);
            ModelRollout r = h.await("ab-slow", "slowab-ab", "experiment started", x -> x.getStatus().getExperimentId() != null);
            units(h, r.getStatus().getExperimentId(), 0, 500, 0.12);
            h.advance(Duration.ofHours(1));
            r = h.await("ab-slow", "slowab-ab", "still running", x -> x.getStatus().getMessage().contains("KEEP_RUNNING"));
            assertEquals(RolloutPhase.PROGRESSING, r.getStatus().getPhase());
            h.advance(Duration.ofHours(1));
            r = h.await("ab-slow", "slowab-ab", "rolled back", x -> x.getStatus().getPhase() == RolloutPhase.ROLLED_BACK);
            assertTrue(r.getStatus().getMessage().startsWith("rolled back: maxDuration 2h reached without a SHIP verdict"), r.getStatus().getMessage());
        }
    }
}
