package io.mlctl.rollout.api;

import io.mlctl.rollout.api.GuardrailsSpec.GuardrailMetric;
import io.mlctl.rollout.api.StrategySpec.AbMetric;
import io.mlctl.rollout.api.StrategySpec.AbTestStrategy;
import io.mlctl.rollout.api.StrategySpec.CanaryStep;
import io.mlctl.rollout.api.StrategySpec.CanaryStrategy;
import io.mlctl.rollout.api.StrategySpec.ShadowStrategy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelRolloutValidatorTest {
    private static final TrafficSpec ROUTE = new TrafficSpec("fraud", null, null, null);
    private static final StrategySpec CANARY = new StrategySpec(
            new CanaryStrategy(List.of(new CanaryStep(5, "10m"), new CanaryStep(25, "30m"))), null, null);

    private static ModelRolloutSpec spec(StrategySpec strategy, GuardrailsSpec guardrails) {
        return new ModelRolloutSpec("fraud", "@production", "8", null, ROUTE, strategy, guardrails, null, null, null, null);
    }

    @Test
    void theDesignExampleIsValid() {
        GuardrailsSpec g = new GuardrailsSpec("1m", 2, 3, GuardrailsSpec.OnInconclusive.ROLLBACK, List.of(
                new GuardrailMetric("p99-latency-ms", "latency-p99", null, null, null, 250.0),
                new GuardrailMetric("error-rate", null, "sum(rate(x{version=\"{{candidate}}\"}[5m]))", null, null, 0.01),
                new GuardrailMetric("prediction-psi", null, null, new GuardrailsSpec.DriftGuardrail("__prediction__", "psi"), null, 0.2)));
        assertEquals(List.of(), ModelRolloutValidator.validate(spec(CANARY, g)));
        AbTestStrategy ab = new AbTestStrategy(50, new AbMetric("conversion", "proportion", 0.10, 0.05, null, null), 0.05, 0.8, "14d", null);
        assertEquals(List.of(), ModelRolloutValidator.validate(spec(new StrategySpec(null, null, ab), null)));
        assertEquals(List.of(), ModelRolloutValidator.validate(spec(new StrategySpec(null, new ShadowStrategy(100, "1h", 10000L), null), null)));
    }

    @Test
    void exactlyOneStrategy() {
        StrategySpec two = new StrategySpec(CANARY.canary(), new ShadowStrategy(100, "1h", null), null);
        assertEquals(List.of("spec.strategy needs exactly one of canary, shadow or abTest"),
                ModelRolloutValidator.validate(spec(two, null)));
        assertEquals(List.of("spec.strategy needs exactly one of canary, shadow or abTest"),
                ModelRolloutValidator.validate(spec(new StrategySpec(null, null, null), null)));
    }

    @Test
    void weightsAndDurationsAreChecked() {
        StrategySpec bad = new StrategySpec(new CanaryStrategy(List.of(new CanaryStep(120, "10 minutes"))), null, null);
        List<String> problems = ModelRolloutValidator.validate(spec(bad, null));
        assertEquals(List.of("spec.strategy.canary.steps[0].weight 120 must be between 0 and 100",
                "spec.strategy.canary.steps[0].pause '10 minutes' is not a duration like 30s, 10m, 1h30m or 14d"), problems);
    }

    @Test
    void guardrailsNeedOneSourceAndABound() {
        GuardrailsSpec g = new GuardrailsSpec("1m", 0, 0, null, List.of(
                new GuardrailMetric("a", "latency-p99", "up", null, null, 1.0),
                new GuardrailMetric("b", "p50", null, null, null, null)));
        List<String> problems = ModelRolloutValidator.validate(spec(CANARY, g));
        assertTrue(problems.contains("spec.guardrails.metrics[0] needs exactly one of preset, query, drift or quality"), problems.toString());
        assertTrue(problems.stream().anyMatch(s -> s.startsWith("spec.guardrails.metrics[1].preset 'p50' is unknown")), problems.toString());
        assertTrue(problems.contains("spec.guardrails.metrics[1] needs min, max or both"), problems.toString());
    }

    @Test
    void qualityGuardrailsNeedAKnownMetricAndExactlyOneBound() {
        GuardrailsSpec g = new GuardrailsSpec("1m", 0, 0, null, List.of(
                new GuardrailMetric("ok", null, null, null, new GuardrailsSpec.QualityGuardrail("roc_auc", 0.8, null, 500), null, null),
                new GuardrailMetric("both", null, null, null, new GuardrailsSpec.QualityGuardrail("log_loss", 0.1, 0.5, null), null, null),
                new GuardrailMetric("unknown", null, null, null, new GuardrailsSpec.QualityGuardrail("auc", 0.8, null, 0), null, null),
                new GuardrailMetric("outside", null, null, null, new GuardrailsSpec.QualityGuardrail("mae", null, 2.0, null), null, 3.0)));
        List<String> problems = ModelRolloutValidator.validate(spec(CANARY, g));
        assertEquals(List.of("spec.guardrails.metrics[1].quality needs exactly one of min or max",
                "spec.guardrails.metrics[2].quality.metric 'auc' is unknown (expected one of accuracy, precision, recall, f1, "
                        + "roc_auc, pr_auc, log_loss, brier, ece, macro_f1, mae, rmse, mape, r2)",
                "spec.guardrails.metrics[2].quality.minLabels 0 must be at least 1",
                "spec.guardrails.metrics[3] is a quality guardrail: give min or max inside quality"), problems);
        assertEquals(100, new GuardrailsSpec.QualityGuardrail("f1", 0.5, null, null).minLabelsOrDefault());
    }

    @Test
    void abTestMetricNeedsOneEffectSize() {
        AbTestStrategy ab = new AbTestStrategy(50, new AbMetric("conversion", null, 1.5, 0.05, 0.01, null), 1.0, null, null, null);
        List<String> problems = ModelRolloutValidator.validate(spec(new StrategySpec(null, null, ab), null));
        assertTrue(problems.contains("spec.strategy.abTest.alpha 1.0 must be between 0 and 1 (exclusive)"), problems.toString());
        assertTrue(problems.contains("spec.strategy.abTest.metric.baseline 1.5 is not a rate between 0 and 1"), problems.toString());
        assertTrue(problems.contains("spec.strategy.abTest.metric needs exactly one of mdeRelative or mdeAbsolute"), problems.toString());
    }

    @Test
    void referencesAndNames() {
        ModelRolloutSpec s = new ModelRolloutSpec("Fraud", "production", "8", null, null, CANARY, null, null, null, null, null);
        List<String> problems = ModelRolloutValidator.validate(s);
        assertTrue(problems.get(0).startsWith("spec.model 'Fraud'"), problems.toString());
        assertTrue(problems.get(1).startsWith("spec.baseline 'production'"), problems.toString());
        assertTrue(problems.contains("spec.traffic.httpRoute is required"), problems.toString());
    }

    private static ModelRolloutSpec withServer(ServerSpec server) {
        return new ModelRolloutSpec("fraud", "@production", "8", server, ROUTE, CANARY, null, null, null, null, null);
    }

    private static ServerSpec server(Integer port, LoggingSpec logging) {
        return new ServerSpec(null, null, null, null, port, null, null, null, logging);
    }

    @Test
    void loggingSettingsAreChecked() {
        assertEquals(List.of(), ModelRolloutValidator.validate(withServer(server(null, new LoggingSpec(true, 0.25, "kserve-v1", 9000, null, null)))));
        assertEquals(List.of(), ModelRolloutValidator.validate(withServer(server(8099, new LoggingSpec(false, null, null, null, null, null)))),
                "without the logger 8099 is free");
        List<String> problems = ModelRolloutValidator.validate(withServer(server(9000, new LoggingSpec(null, 1.5, "grpc", 9000, null, null))));
        assertEquals(List.of("spec.server.logging.sampleRate 1.5 must be between 0 and 1",
                "spec.server.logging.protocol 'grpc' is unknown (expected one of kserve-v1, oip, openai, torchserve)",
                "spec.server.logging.serverPort must differ from spec.server.port: the logger takes the serving port"), problems);
        problems = ModelRolloutValidator.validate(withServer(server(8099, null)));
        assertEquals(List.of("port 8099 is the inference logger's admin port: choose another spec.server.port"
                + " or spec.server.logging.serverPort, or disable logging"), problems);
        problems = ModelRolloutValidator.validate(withServer(server(null, new LoggingSpec(null, -0.1, null, 70000, null, null))));
        assertEquals(List.of("spec.server.logging.sampleRate -0.1 must be between 0 and 1",
                "spec.server.logging.serverPort 70000 is not a port (1-65535)"), problems);
    }
}
