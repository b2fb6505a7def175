package io.mlctl.rollout.api;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CEL rules of the generated CRD, evaluated with Google's CEL for Java on the objects an API server would hand
 * them ({@code self} = the object the rule sits on), so a rule that does not parse or does not say what we meant
 * fails here rather than in a cluster.
 */
class CrdValidationRulesTest {
    static JSONSchemaProps spec;
    static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .addVar("self", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .build();
    static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    @BeforeAll
    static void load() throws Exception {
        CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(
                Path.of("target/classes/META-INF/fabric8/modelrollouts.mlctl.io-v1.yml")), CustomResourceDefinition.class);
        spec = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    }

    /** True when every rule on the schema node passes for {@code self}. */
    static boolean valid(JSONSchemaProps node, Map<String, Object> self) throws Exception {
        List<ValidationRule> rules = node.getXKubernetesValidations();
        assertFalse(rules == null || rules.isEmpty(), "no rules on this node");
        for (ValidationRule rule : rules) {
            CelAbstractSyntaxTree ast = COMPILER.compile(rule.getRule()).getAst();
            Object result = RUNTIME.createProgram(ast).eval(Map.of("self", self));
            if (!Boolean.TRUE.equals(result)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void exactlyOneStrategy() throws Exception {
        JSONSchemaProps strategy = spec.getProperties().get("strategy");
        Map<String, Object> canary = Map.of("steps", List.of(Map.of("weight", 5L, "pause", "10m")));
        assertTrue(valid(strategy, Map.of("canary", canary)));
        assertTrue(valid(strategy, Map.of("shadow", Map.of("duration", "1h"))));
        assertFalse(valid(strategy, Map.of()));
        assertFalse(valid(strategy, Map.of("canary", canary, "shadow", Map.of("duration", "1h"))));
        assertEquals("exactly one of canary, shadow or abTest must be set", strategy.getXKubernetesValidations().get(0).getMessage());
    }

    @Test
    void shadowNeedsAnEnd() throws Exception {
        JSONSchemaProps shadow = spec.getProperties().get("strategy").getProperties().get("shadow");
        assertTrue(valid(shadow, Map.of("minSamples", 10000L)));
        assertTrue(valid(shadow, Map.of("duration", "1h", "mirrorPercent", 50L)));
        assertFalse(valid(shadow, Map.of("mirrorPercent", 50L)));
    }

    @Test
    void abMetricNeedsOneEffectSizeAndAStddevForMeans() throws Exception {
        JSONSchemaProps metric = spec.getProperties().get("strategy").getProperties().get("abTest").getProperties().get("metric");
        assertTrue(valid(metric, Map.of("name", "conversion", "baseline", 0.1, "mdeRelative", 0.05)));
        assertFalse(valid(metric, Map.of("name", "conversion", "baseline", 0.1)));
        assertFalse(valid(metric, Map.of("name", "conversion", "baseline", 0.1, "mdeRelative", 0.05, "mdeAbsolute", 0.01)));
        assertFalse(valid(metric, Map.of("name", "revenue", "type", "mean", "baseline", 20.0, "mdeAbsolute", 1.0)));
        assertTrue(valid(metric, Map.of("name", "revenue", "type", "mean", "baseline", 20.0, "mdeAbsolute", 1.0, "stddev", 35.0)));
    }

    @Test
    void aGuardrailHasOneSourceAndABound() throws Exception {
        JSONSchemaProps guardrail = spec.getProperties().get("guardrails").getProperties().get("metrics").getItems().getSchema();
        assertTrue(valid(guardrail, Map.of("name", "p99", "preset", "latency-p99", "max", 250.0)));
        assertTrue(valid(guardrail, Map.of("name", "psi", "drift", Map.of("feature", "__prediction__", "statistic", "psi"), "max", 0.2)));
        assertFalse(valid(guardrail, Map.of("name", "p99", "preset", "latency-p99", "query", "up", "max", 250.0)));
        assertFalse(valid(guardrail, Map.of("name", "p99", "preset", "latency-p99")));
        assertFalse(valid(guardrail, Map.of("name", "p99", "max", 1.0)));
    }

    @Test
    void theLoggerKeepsItsPorts() throws Exception {
        JSONSchemaProps server = spec.getProperties().get("server");
        assertTrue(valid(server, Map.of("port", 9000L, "logging", Map.of("serverPort", 9001L))));
        assertTrue(valid(server, Map.of("logging", Map.of("serverPort", 9001L))));
        assertTrue(valid(server, Map.of("port", 9000L)));
        assertTrue(valid(server, Map.of()));
        assertFalse(valid(server, Map.of("port", 9000L, "logging", Map.of("serverPort", 9000L))));
        assertFalse(valid(server, Map.of("port", 8099L)));
        assertFalse(valid(server, Map.of("port", 8099L, "logging", Map.of("enabled", true))));
        assertTrue(valid(server, Map.of("port", 8099L, "logging", Map.of("enabled", false))));
        JSONSchemaProps logging = server.getProperties().get("logging");
        assertTrue(valid(logging, Map.of("serverPort", 18080L)));
        assertFalse(valid(logging, Map.of("serverPort", 8099L)));
        assertEquals(0.0, logging.getProperties().get("sampleRate").getMinimum());
        assertEquals(1.0, logging.getProperties().get("sampleRate").getMaximum());
        assertEquals("^(oip|kserve-v1|openai|torchserve)$", logging.getProperties().get("protocol").getPattern());
        assertTrue(logging.getProperties().get("resources").getProperties().containsKey("limits"), "a Kubernetes ResourceRequirements");
    }
}
