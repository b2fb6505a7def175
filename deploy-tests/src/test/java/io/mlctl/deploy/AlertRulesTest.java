package io.mlctl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.operator.testing.PrometheusTestServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart's alert rules: promtool checks them and runs their unit tests (deploy-tests/src/test/resources/prometheus),
 * and the real Prometheus of the SRE scenario loads and evaluates them against the real control plane and operator.
 */
class AlertRulesTest {
    static final String RULES_FILE = "mlctl-rules.yaml";
    /** What the scenario makes true: drift on fraud v2, rejected rows, the webhook down, fraud-v2 rolled back. */
    static final Set<String> FIRING = Set.of("MlctlDriftDetected", "MlctlIngestRejectionsHigh",
            "MlctlRetrainDeliveryFailing", "MlctlRolloutRolledBack");
    /** And what it does not: everything is up, drift windows close on time, the Kafka consumer keeps up. */
    static final Set<String> QUIET = Set.of("MlctlControlPlaneDown", "MlctlOperatorDown", "MlctlDriftEvaluationLagging",
            "MlctlKafkaLagGrowing");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");

    @Test
    void promtoolChecksTheRulesOfDefaultAndFullValues() throws Exception {
        for (Path values : new Path[]{null, Chart.values("values-full.yaml")}) {
            List<JsonNode> docs = Chart.render(values);
            Path dir = writeRules(docs);
            try {
                String out = promtool(dir, "check", "rules", RULES_FILE);
                assertTrue(out.contains("SUCCESS: " + alerts(docs).size() + " rules found"), out);
            } finally {
                Chart.delete(dir);
            }
        }
    }

    @Test
    void promtoolUnitTestsCoverEveryAlert() throws Exception {
        List<JsonNode> docs = Chart.render(null);
        Path dir = writeRules(docs);
        Path tests = Chart.root().resolve("deploy-tests/src/test/resources/prometheus/mlctl-rules-test.yaml");
        try {
            Files.copy(tests, dir.resolve("mlctl-rules-test.yaml"));
            String out = promtool(dir, "test", "rules", "mlctl-rules-test.yaml");
            assertTrue(out.contains("SUCCESS"), out);
        } finally {
            Chart.delete(dir);
        }
        Set<String> tested = new TreeSet<>();
        Chart.YAML.readTree(tests.toFile()).path("tests").forEach(t -> t.path("alert_rule_test")
                .forEach(a -> tested.add(a.path("alertname").asText())));
        assertEquals(new TreeSet<>(alerts(docs).keySet()), tested, "every alert has promtool unit tests");
    }

    @Test
    void everyAlertExpressionEvaluatesAgainstTheScenario() throws Exception {
        SreStack stack = SreStack.get();
        Map<String, String> alerts = alerts(stack.chart);
        assertEquals(new TreeSet<>(alerts.keySet()), new TreeSet<>(union(FIRING, QUIET)));
        List<String> problems = new ArrayList<>();
        Instant now = Instant.now();
        alerts.forEach((name, expr) -> {
            JsonNode answer = stack.prometheus.query(expr, now);
            if (!PromQueries.ok(answer)) {
                problems.add(name + " does not evaluate: " + answer);
                return;
            }
            boolean fires = answer.at("/data/result").size() > 0;
            if (FIRING.contains(name) != fires) {
                problems.add(name + (fires ? " is true although the scenario gives no reason: " : " is not true: ")
                        + answer.at("/data/result") + " for " + expr);
            }
            // every series the expression reads exists, with the job and namespace labels a ServiceMonitor gives
            Matcher m = SELECTOR.matcher(expr);
            while (m.find()) {
                JsonNode series = stack.prometheus.query("count(" + m.group() + ")", now);
                if (series.at("/data/result").isEmpty()) {
                    problems.add(name + " reads " + m.group() + ", which matches no series");
                }
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void prometheusEvaluatesTheRuleFileAndFiresTheImmediateAlerts() throws Exception {
        SreStack stack = SreStack.get();
        Awaitility.await("alerts").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                firing(stack).containsAll(Set.of("MlctlRetrainDeliveryFailing", "MlctlRolloutRolledBack")));
        JsonNode groups = stack.prometheus.api("rules", Map.of()).at("/data/groups");
        int rules = 0;
        for (JsonNode g : groups) {
            for (JsonNode r : g.path("rules")) {
                rules++;
                assertEquals("ok", r.path("health").asText(), r.toString());
            }
        }
        assertEquals(alerts(stack.chart).size(), rules);
        JsonNode rolledBack = alert(stack, "MlctlRolloutRolledBack");
        assertEquals("fraud-v2", rolledBack.at("/labels/rollout").asText());
        assertEquals(SreStack.SERVING, rolledBack.at("/labels/namespace").asText());
        assertEquals("ModelRollout ml-serving/fraud-v2 of fraud rolled back", rolledBack.at("/annotations/summary").asText());
        assertEquals("pending", alert(stack, "MlctlDriftDetected").path("state").asText(), "15 minutes before it fires");
        assertEquals("fraud", alert(stack, "MlctlRetrainDeliveryFailing").at("/labels/model").asText());
    }

    private static Set<String> firing(SreStack stack) {
        Set<String> out = new TreeSet<>();
        stack.prometheus.api("alerts", Map.of()).at("/data/alerts").forEach(a -> {
            if ("firing".equals(a.path("state").asText())) {
                out.add(a.at("/labels/alertname").asText());
            }
        });
        return out;
    }

    private static JsonNode alert(SreStack stack, String name) {
        for (JsonNode a : stack.prometheus.api("alerts", Map.of()).at("/data/alerts")) {
            if (name.equals(a.at("/labels/alertname").asText())) {
                return a;
            }
        }
        throw new AssertionError("no " + name + " alert: " + stack.prometheus.api("alerts", Map.of()));
    }

    /** alert name to expression, from the rendered PrometheusRule. */
    static Map<String, String> alerts(List<JsonNode> docs) {
        Map<String, String> out = new java.util.TreeMap<>();
        Chart.ruleGroups(docs).path("groups").forEach(g -> g.path("rules").forEach(r ->
                out.put(r.path("alert").asText(), r.path("expr").asText())));
        return out;
    }

    /** The rendered PrometheusRule's spec, written as a plain Prometheus rule file into a fresh directory. */
    static Path writeRules(List<JsonNode> docs) throws Exception {
        Path dir = Files.createTempDirectory("mlctl-promtool-");
        Chart.YAML.writeValue(dir.resolve(RULES_FILE).toFile(), Chart.ruleGroups(docs));
        return dir;
    }

    private static String promtool(Path dir, String... args) throws Exception {
        Path promtool = PrometheusTestServer.binary("promtool");
        Assumptions.assumeTrue(promtool != null, "promtool is not installed (apt-get install prometheus); skipping");
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool hangs");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }
}
