package io.mlctl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.deploy.Dashboards.Dashboard;
import io.mlctl.deploy.Dashboards.Query;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Grafana needs from dashboards/ to import them anywhere: stable uids, a datasource variable used by every panel
 * and query, every label that differs between installations taken from a variable, rate windows from
 * {@code $__rate_interval}. (DashboardQueriesTest runs the queries themselves against a real Prometheus.)
 */
class DashboardStructureTest {
    /** Labels whose values differ per installation or per model: never written into a query. */
    private static final Pattern PINNED = Pattern.compile(
            "\\b(namespace|model|version|rollout|experiment|job|instance|pod|feature)\\s*(=~|!~|=|!=)\\s*\"([^\"]*)\"");
    private static final Pattern RANGE = Pattern.compile("\\[([^\\]]+)]");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)}?");
    private static final Set<String> BUILT_INS = Set.of("__rate_interval", "__interval", "__range");

    @Test
    void uidsAreStableAndEveryDashboardIsThere() {
        List<Dashboard> all = Dashboards.all();
        assertEquals(List.of("mlctl-control-plane", "mlctl-drift", "mlctl-experiments", "mlctl-rollouts", "mlctl-serving"),
                all.stream().map(Dashboard::uid).sorted().toList());
        for (Dashboard d : all) {
            assertEquals(d.uid() + ".json", d.file(), "the file is named after the uid");
            assertTrue(d.json().path("title").asText().startsWith("mlctl / "), d.file());
            assertTrue(d.json().path("tags").toString().contains("\"mlctl\""), d.file());
            assertTrue(d.json().path("id").isMissingNode() || d.json().path("id").isNull(), "no instance-specific id: " + d.file());
        }
    }

    @Test
    void everyPanelAndQueryUsesTheDatasourceVariable() {
        for (Dashboard d : Dashboards.all()) {
            JsonNode first = d.variables().get(0);
            assertEquals("datasource", first.path("name").asText(), d.file());
            assertEquals("datasource", first.path("type").asText(), d.file());
            assertEquals("prometheus", first.path("query").asText(), d.file());
            for (JsonNode v : d.variables().subList(1, d.variables().size())) {
                assertEquals("${datasource}", v.at("/datasource/uid").asText(), d.file() + " variable " + v.path("name"));
            }
            Set<Integer> ids = new HashSet<>();
            for (JsonNode p : d.panels()) {
                assertTrue(ids.add(p.path("id").asInt()), d.file() + ": duplicate panel id " + p.path("id"));
                JsonNode pos = p.path("gridPos");
                assertTrue(pos.path("x").asInt() + pos.path("w").asInt() <= 24, d.file() + " " + p.path("title"));
                if (!p.path("type").asText().equals("row")) {
                    assertEquals("${datasource}", p.at("/datasource/uid").asText(), d.file() + " " + p.path("title"));
                    assertTrue(p.path("description").asText().length() > 10, "say what the panel shows: " + p.path("title"));
                    assertTrue(p.path("targets").size() > 0, d.file() + " " + p.path("title"));
                }
            }
            for (Query q : d.queries()) {
                assertEquals("${datasource}", q.target().at("/datasource/uid").asText(), q.toString());
            }
        }
    }

    @Test
    void nothingInstallationSpecificIsHardCoded() {
        List<String> problems = new ArrayList<>();
        for (Dashboard d : Dashboards.all()) {
            Set<String> declared = new TreeSet<>();
            d.variables().forEach(v -> declared.add(v.path("name").asText()));
            Set<String> used = new TreeSet<>();
            List<String> texts = new ArrayList<>();
            d.queries().forEach(q -> texts.add(q.expr()));
            d.variables().forEach(v -> {
                texts.add(v.path("definition").asText());
                texts.add(v.path("regex").asText());
            });
            for (String text : texts) {
                Matcher m = PINNED.matcher(text);
                while (m.find()) {
                    if (!m.group(3).contains("$") && !m.group(3).equals("__dataset__")) {
                        problems.add(d.file() + ": " + m.group() + " is pinned in " + text);
                    }
                }
                Matcher v = VARIABLE.matcher(text);
                while (v.find()) {
                    used.add(v.group(1));
                }
            }
            for (Query q : d.queries()) {
                Matcher r = RANGE.matcher(q.expr());
                while (r.find()) {
                    if (!r.group(1).equals("$__rate_interval") && !r.group(1).equals("0-9")) {
                        problems.add(q + ": range [" + r.group(1) + "] instead of [$__rate_interval]");
                    }
                }
            }
            for (String name : used) {
                if (!declared.contains(name) && !BUILT_INS.contains(name) && !name.matches("\\d+")) {
                    problems.add(d.file() + ": $" + name + " is not a variable");
                }
            }
            for (String name : declared) {
                if (!name.equals("datasource") && !used.contains(name)) {
                    problems.add(d.file() + ": variable " + name + " is never used");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
