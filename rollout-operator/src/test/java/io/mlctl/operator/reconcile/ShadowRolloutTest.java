package io.mlctl.operator.reconcile;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.mlctl.api.drift.PredictionComparison;
import io.mlctl.operator.controlplane.HttpControlPlane;
import io.mlctl.operator.testing.LoggerProcess;
import io.mlctl.operator.testing.ModelData;
import io.mlctl.operator.testing.OipModelServer;
import io.mlctl.operator.testing.OperatorHarness;
import io.mlctl.operator.testing.Registry;
import io.mlctl.rollout.api.GuardrailResult;
import io.mlctl.rollout.api.GuardrailsSpec;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.RolloutPhase;
import io.mlctl.rollout.api.StrategySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntPredicate;

import static io.mlctl.operator.testing.Rollouts.rollout;
import static io.mlctl.operator.testing.Rollouts.weights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shadow rollouts: the candidate gets a mirrored share of requests; its predictions (sent to the control plane as
 * samples, as a logging sidecar would) are compared with the baseline's by the control plane.
 */
class ShadowRolloutTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static int[] models(OperatorHarness h, String model) {
        return new ModelData(h.controlPlane()).modelWithTwoProfiledVersions(model);
    }

    /** What a model server's logging sidecar sends: predictions of one version, stamped now. */
    private static void predictions(OperatorHarness h, String model, int version, int rows, long seed, double shift) {
        new ModelData(h.controlPlane()).samples(model, version, rows, seed, 0, shift);
    }

    /** The baseline's and the mirrored candidate's predictions of the same requests (see ModelData). */
    private static void pairedPredictions(OperatorHarness h, String model, int[] v, int rows, IntPredicate agrees) {
        new ModelData(h.controlPlane()).pairedSamples(model, v[0], v[1], rows, agrees);
    }

    /** A shadow judged on agreement only: at least {@code min} of the mirrored requests predicted alike. */
    private static ModelRollout agreementShadow(String ns, String model, int candidate, double min) {
        StrategySpec shadow = new StrategySpec(null, new StrategySpec.ShadowStrategy(100, "1h", 200L), null);
        GuardrailsSpec g = new GuardrailsSpec("1m", 0, 5, GuardrailsSpec.OnInconclusive.PAUSE, List.of(
                new GuardrailsSpec.GuardrailMetric("prediction-agreement", null, null,
                        new GuardrailsSpec.DriftGuardrail("__prediction__", "agreement"), min, null)));
        return rollout(ns, model + "-shadow", model, Integer.toString(candidate), shadow, g, false);
    }

    private static ModelRollout shadow(String ns, String model, int candidate) {
        StrategySpec shadow = new StrategySpec(null, new StrategySpec.ShadowStrategy(50, "1h", 1000L), null);
        GuardrailsSpec g = new GuardrailsSpec("1m", 0, 5, GuardrailsSpec.OnInconclusive.PAUSE, List.of(
                new GuardrailsSpec.GuardrailMetric("prediction-psi", null, null,
                        new GuardrailsSpec.DriftGuardrail("__prediction__", "psi"), null, 0.2)));
        return rollout(ns, model + "-shadow", model, Integer.toString(candidate), shadow, g, false);
    }

    private static void ready(OperatorHarness h, String ns, String model) {
        h.serversReady(ns, model + "-shadow", model);
        h.await(ns, model + "-shadow", "shadowing", x -> x.getStatus().getPhase() == RolloutPhase.PROGRESSING);
    }

    @Test
    void matchingPredictionsOnEnoughMirroredSamplesPromote() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).startOperator()) {
            int[] v = models(h, "scorer");
            h.create(shadow("shadow", "scorer", v[1]));
            ready(h, "shadow", "scorer");
            var rule = h.cluster().route("shadow", "scorer").getSpec().getRules().get(0);
            HTTPRouteFilter mirror = rule.getFilters().get(0);
            assertEquals("RequestMirror", mirror.getType());
            assertEquals("scorer-v2", mirror.getRequestMirror().getBackendRef().getName());
            assertEquals(50, mirror.getRequestMirror().getPercent());
            assertEquals(List.of("scorer-v1=100", "scorer-v2=0"), weights(h.cluster().route("shadow", "scorer")));
            ModelRollout r = h.cluster().rollout("shadow", "scorer-shadow");
            assertEquals(50, r.getStatus().getMirrorPercent());

            predictions(h, "scorer", v[0], 600, 1, 0);
            predictions(h, "scorer", v[1], 600, 2, 0);
            h.advance(Duration.ofMinutes(1));
            r = h.await("shadow", "scorer-shadow", "counting", x -> x.getStatus().getSamples() != null
                    && x.getStatus().getSamples().observed().getOrDefault("candidate", 0L) == 600);
            assertEquals(RolloutPhase.PROGRESSING, r.getStatus().getPhase());
            assertTrue(r.getStatus().getMessage().contains("600/1000 predictions compared"), r.getStatus().getMessage());

            predictions(h, "scorer", v[0], 600, 3, 0);
            predictions(h, "scorer", v[1], 600, 4, 0);
            h.advance(Duration.ofMinutes(1));
            r = h.await("shadow", "scorer-shadow", "promoted", x -> x.getStatus().getPhase() == RolloutPhase.SUCCEEDED);
            assertTrue(r.getStatus().getMessage().startsWith("shadow passed: 1200 predictions compared with guardrails passing"),
                    r.getStatus().getMessage());
            assertTrue(r.getStatus().getGuardrails().get(0).value() < 0.2, r.getStatus().getGuardrails().toString());
            assertEquals(v[1], new Registry(h.controlPlane()).aliasVersion("scorer", "production"));
            var after = h.cluster().route("shadow", "scorer").getSpec().getRules().get(0);
            assertTrue(after.getFilters() == null || after.getFilters().isEmpty(), "mirror off");
            assertEquals(List.of("scorer-v1=0", "scorer-v2=100"), weights(h.cluster().route("shadow", "scorer")));
        }
    }

    @Test
    void divergingPredictionsRollBack() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).startOperator()) {
            int[] v = models(h, "skewed");
            h.create(shadow("shadow-bad", "skewed", v[1]));
            ready(h, "shadow-bad", "skewed");
            predictions(h, "skewed", v[0], 800, 5, 0);
            predictions(h, "skewed", v[1], 800, 6, 0.3);
            h.advance(Duration.ofMinutes(1));
            ModelRollout r = h.await("shadow-bad", "skewed-shadow", "rolled back", x -> x.getStatus().getPhase() == RolloutPhase.ROLLED_BACK);
            assertTrue(r.getStatus().getMessage().startsWith("rolled back: guardrail prediction-psi failed 1 time (failureLimit 0): prediction-psi "),
                    r.getStatus().getMessage());
            var rule = h.cluster().route("shadow-bad", "skewed").getSpec().getRules().get(0);
            assertTrue(rule.getFilters() == null || rule.getFilters().isEmpty(), "mirror off");
            assertEquals(0, h.cluster().deployment("shadow-bad", "skewed-v2").getSpec().getReplicas());
            assertEquals(v[0], new Registry(h.controlPlane()).aliasVersion("skewed", "production"));
        }
    }

    @Test
    void predictionsAgreeingOnEnoughPairedRequestsPromote() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).startOperator()) {
            int[] v = models(h, "paired");
            h.create(agreementShadow("agree", "paired", v[1], 0.9));
            ready(h, "agree", "paired");
            predictions(h, "paired", v[0], 50, 7, 0); // logged without request ids: nothing to pair
            predictions(h, "paired", v[1], 50, 8, 0);
            h.advance(Duration.ofMinutes(1));
            ModelRollout r = h.await("agree", "paired-shadow", "inconclusive without pairs", x -> x.getStatus().getGuardrails() != null
                    && !x.getStatus().getGuardrails().isEmpty()
                    && x.getStatus().getGuardrails().get(0).result() == GuardrailResult.INCONCLUSIVE);
            assertTrue(r.getStatus().getGuardrails().get(0).message().contains("no samples with a request_id for both versions"),
                    r.getStatus().getGuardrails().toString());
            assertEquals(RolloutPhase.PROGRESSING, r.getStatus().getPhase());

            pairedPredictions(h, "paired", v, 200, i -> i % 20 != 0); // 190 of 200 agree
            h.advance(Duration.ofMinutes(1));
            r = h.await("agree", "paired-shadow", "promoted", x -> x.getStatus().getPhase() == RolloutPhase.SUCCEEDED);
            assertEquals(0.95, r.getStatus().getGuardrails().get(0).value(), 1e-9, r.getStatus().getGuardrails().toString());
            assertTrue(r.getStatus().getMessage().startsWith("shadow passed: 250 predictions compared"), r.getStatus().getMessage());
            assertEquals(v[1], new Registry(h.controlPlane()).aliasVersion("paired", "production"));
        }
    }

    @Test
    void predictionsDisagreeingOnPairedRequestsRollBack() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0).startOperator()) {
            int[] v = models(h, "unpaired");
            h.create(agreementShadow("disagree", "unpaired", v[1], 0.9));
            ready(h, "disagree", "unpaired");
            pairedPredictions(h, "unpaired", v, 200, i -> i % 10 < 7); // 140 of 200 agree
            h.advance(Duration.ofMinutes(1));
            ModelRollout r = h.await("disagree", "unpaired-shadow", "rolled back",
                    x -> x.getStatus().getPhase() == RolloutPhase.ROLLED_BACK);
            assertTrue(r.getStatus().getMessage().startsWith("rolled back: guardrail prediction-agreement failed 1 time "
                    + "(failureLimit 0): prediction-agreement 0.7 is below its min 0.9"), r.getStatus().getMessage());
            assertEquals(0, h.cluster().deployment("disagree", "unpaired-v2").getSpec().getReplicas());
            assertEquals(v[0], new Registry(h.controlPlane()).aliasVersion("unpaired", "production"));
        }
    }

    /**
     * The whole data plane of a shadow: real inference loggers (processes, as the operator's sidecars run) in front
     * of two OIP model servers that answer differently on a tenth of the inputs; every request goes to the baseline's
     * logger and, as Gateway API's RequestMirror copies it with its headers, the same body with the same
     * {@code x-request-id} to the candidate's. The control plane pairs the two loggers' samples by request id: its
     * compare endpoint (what ShadowRun reads) reports the agreement, and the operator promotes on it.
     */
    @Test
    void agreementIsComputedFromTheLoggersRequestIds() throws Exception {
        DoubleUnaryOperator baselineModel = a -> 0.05 + 0.001 * (Math.round(a) % 100);
        DoubleUnaryOperator candidateModel = a -> Math.round(a) % 10 == 0 ? 0.9 : baselineModel.applyAsDouble(a);
        try (OperatorHarness h = OperatorHarness.start(T0).startOperator();
             OipModelServer baselineServer = OipModelServer.start(baselineModel);
             OipModelServer candidateServer = OipModelServer.start(candidateModel)) {
            String model = "mirrored";
            int[] v = models(h, model);
            // an editor token: the logger reads its version's schema at start (GET version and schema), which the
            // write-only ingest role does not allow yet; samples are all it writes
            String token = h.controlPlane().http().post("/api/v1/tokens", java.util.Map.of("name", "loggers", "role", "editor"))
                    .assertStatus(201).json().path("token").asText();
            List<String> common = List.of("--protocol", "oip", "--model", model, "--sample-rate", "1",
                    "--flush-interval", "500ms", "--batch-size", "50");
            try (LoggerProcess baseline = LoggerProcess.start(baselineServer.port(), h.controlPlane().url(), token,
                    concat(common, "--version", Integer.toString(v[0])));
                 LoggerProcess candidate = LoggerProcess.start(candidateServer.port(), h.controlPlane().url(), token,
                         concat(common, "--version", Integer.toString(v[1])))) {
                h.create(agreementShadow("logged", model, v[1], 0.85));
                ready(h, "logged", model);

                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                int requests = 200;
                for (int i = 0; i < requests; i++) {
                    String body = OipModelServer.request(10 + i);
                    String id = "mirror-" + i;
                    HttpResponse<String> answer = client.send(infer(baseline, model, id, body), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, answer.statusCode(), answer.body());
                    // the mirror: same body, same headers, answer discarded
                    assertEquals(200, client.send(infer(candidate, model, id, body), HttpResponse.BodyHandlers.discarding()).statusCode());
                }
                assertEquals(requests, baselineServer.inferences());
                assertEquals(requests, candidateServer.inferences());

                HttpControlPlane cp = new HttpControlPlane(h.controlPlane().url(), h.controlPlane().adminToken(), Duration.ofSeconds(10));
                PredictionComparison c;
                try {
                    c = Awaitility.await("both loggers' samples paired").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                            .until(() -> cp.compare(model, v[0], v[1], Duration.ofMinutes(10)), x -> x.pairs() == requests);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("not every request was paired; baseline logger:\n" + baseline.output()
                            + "\ncandidate logger:\n" + candidate.output(), e);
                }
                assertEquals(requests, c.baselineSamples());
                assertEquals(requests, c.candidateSamples());
                // amounts 10..209: the candidate says 0.9 on the 20 multiples of 10, the baseline's bin elsewhere
                assertEquals(0.9, c.agreement(), 1e-9, c.agreementNote());

                h.advance(Duration.ofMinutes(1));
                ModelRollout r = h.await("logged", model + "-shadow", "promoted on the loggers' agreement",
                        x -> x.getStatus().getPhase() == RolloutPhase.SUCCEEDED);
                assertEquals(0.9, r.getStatus().getGuardrails().get(0).value(), 1e-9, r.getStatus().getGuardrails().toString());
                assertTrue(r.getStatus().getMessage().startsWith("shadow passed: 200 predictions compared"), r.getStatus().getMessage());
                assertEquals(v[1], new Registry(h.controlPlane()).aliasVersion(model, "production"));
            }
        }
    }

    private static HttpRequest infer(LoggerProcess logger, String model, String requestId, String body) {
        return HttpRequest.newBuilder(logger.url("/v2/models/" + model + "/infer")).header("Content-Type", "application/json")
                .header("x-request-id", requestId).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(List.of(b));
        return all;
    }
}
