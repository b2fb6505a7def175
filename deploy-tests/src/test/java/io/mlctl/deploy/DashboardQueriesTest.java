package io.mlctl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.deploy.Dashboards.Dashboard;
import io.mlctl.deploy.Dashboards.Query;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every dashboard variable and every panel query, evaluated through the real Prometheus that scrapes the real
 * control plane and operator (and the model-server stand-ins) during the SRE scenario: each variable lists values,
 * each query parses, and each returns data for at least one choice of the variables the scenario fills (e.g. the
 * vLLM panels for model ranker, the Triton ones for model fraud).
 */
class DashboardQueriesTest {
    /**
     * The values the scenario gives each variable, tried in turn where the variable lists them; any other variable
     * takes "All" (or its first value without an "All" option).
     */
    private static final Map<String, List<String>> SCENARIO = Map.of(
            "namespace", List.of("ml-serving", "mlctl"),
            "model", List.of("fraud", "ranker"),
            "version", List.of("2"),
            "rollout", List.of("fraud-v2"),
            "experiment", List.of("checkout"));

    static SreStack stack;
    static PromQueries queries;

    @BeforeAll
    static void stack() throws Exception {
        stack = SreStack.get();
        queries = new PromQueries(stack.prometheus, stack.started, Instant.now());
    }

    @Test
    void everyVariableListsValuesAndEveryPanelQueryReturnsData() {
        List<String> problems = new ArrayList<>();
        int evaluated = 0;
        for (Dashboard d : Dashboards.all()) {
            List<Map<String, String>> choices = new ArrayList<>();
            resolve(d, d.variables(), 0, new LinkedHashMap<>(), choices, problems);
            if (choices.isEmpty()) {
                continue;
            }
            for (Query q : d.queries()) {
                evaluated++;
                boolean data = false;
                String error = null;
                for (Map<String, String> choice : choices) {
                    String promql = queries.substitute(q.expr(), choice);
                    JsonNode answer = queries.evaluate(promql, q.instant());
                    if (!PromQueries.ok(answer)) {
                        error = answer.path("errorType").asText() + ": " + answer.path("error").asText() + " in " + promql;
                        break;
                    }
                    if (PromQueries.hasData(answer)) {
                        data = true;
                        break;
                    }
                }
                if (error != null) {
                    problems.add(q + " does not evaluate: " + error);
                } else if (!data) {
                    problems.add(q + " returns no data for " + choices + ": " + q.expr());
                }
            }
        }
        assertTrue(evaluated > 40, "only " + evaluated + " queries found");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Every combination of the scenario's values the variables offer, resolved in order (later ones use earlier). */
    private static void resolve(Dashboard d, List<JsonNode> vars, int i, Map<String, String> chosen,
                                List<Map<String, String>> out, List<String> problems) {
        if (i == vars.size()) {
            out.add(new LinkedHashMap<>(chosen));
            return;
        }
        JsonNode v = vars.get(i);
        String name = v.path("name").asText();
        if (v.path("type").asText().equals("datasource")) {
            resolve(d, vars, i + 1, chosen, out, problems);
            return;
        }
        String query = queries.substitute(v.path("definition").asText(), chosen);
        List<String> values = queries.variableValues(query, queries.substitute(v.path("regex").asText(), chosen));
        if (values.isEmpty()) {
            problems.add(d.file() + " variable " + name + " lists no values (" + query + ") with " + chosen);
            return;
        }
        List<String> options = new ArrayList<>(SCENARIO.getOrDefault(name, List.of()).stream().filter(values::contains).toList());
        if (options.isEmpty()) {
            options.add(v.path("includeAll").asBoolean() ? v.path("allValue").asText(".*") : values.get(0));
        }
        for (String option : options) {
            chosen.put(name, option);
            resolve(d, vars, i + 1, chosen, out, problems);
            chosen.remove(name);
        }
    }
}
