package io.mlctl.rollout.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chart ships the CRD checked in (so it works without a build); it must be exactly what the types generate. */
class CrdInChartTest {
    private static final String FILE = "modelrollouts.mlctl.io-v1.yml";

    @Test
    void checkedInCrdEqualsGeneratedOne() throws Exception {
        Path generated = Path.of("target/classes/META-INF/fabric8", FILE);
        Path chart = Path.of(System.getProperty("mlctl.chart.crds", "../charts/mlctl/crds"), FILE);
        assertTrue(Files.exists(generated), "the CRD generator did not run: " + generated.toAbsolutePath());
        assertTrue(Files.exists(chart), "missing " + chart + "; run: mvn -pl rollout-api package -DskipTests");
        assertEquals(Files.readString(generated), Files.readString(chart),
                chart + " is stale; refresh it with: mvn -pl rollout-api package -DskipTests");
    }

    @Test
    void generatedCrdCarriesTheSchemaRules() throws Exception {
        CustomResourceDefinition crd = Serialization.unmarshal(
                Files.readString(Path.of("target/classes/META-INF/fabric8", FILE)), CustomResourceDefinition.class);
        assertEquals(ModelRollout.CRD_NAME, crd.getMetadata().getName());
        assertEquals("Namespaced", crd.getSpec().getScope());
        CustomResourceDefinitionVersion v = crd.getSpec().getVersions().get(0);
        assertEquals(ModelRollout.VERSION, v.getName());
        assertTrue(v.getSubresources().getStatus() != null, "status subresource");
        JSONSchemaProps spec = v.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        JSONSchemaProps strategy = spec.getProperties().get("strategy");
        assertEquals("[has(self.canary), has(self.shadow), has(self.abTest)].filter(x, x).size() == 1",
                strategy.getXKubernetesValidations().get(0).getRule());
        JSONSchemaProps step = strategy.getProperties().get("canary").getProperties().get("steps").getItems().getSchema();
        assertEquals(0.0, step.getProperties().get("weight").getMinimum());
        assertEquals(100.0, step.getProperties().get("weight").getMaximum());
        assertEquals(Patterns.DURATION, step.getProperties().get("pause").getPattern());
        assertEquals(List.of("baseline", "candidate", "model", "strategy", "traffic"), spec.getRequired());
        assertEquals(List.of("abort", "baseline", "candidate", "guardrails", "model", "paused", "promote", "retrain",
                "server", "strategy", "traffic"), spec.getProperties().keySet().stream().sorted().toList());
    }
}
