package io.mlctl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The Grafana dashboards of dashboards/, their variables and every panel query. */
final class Dashboards {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Dashboards() {
    }

    record Dashboard(String file, JsonNode json) {
        String uid() {
            return json.path("uid").asText();
        }

        List<JsonNode> variables() {
            List<JsonNode> out = new ArrayList<>();
            json.at("/templating/list").forEach(out::add);
            return out;
        }

        /** Every panel, including those nested in collapsed rows. */
        List<JsonNode> panels() {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode p : json.path("panels")) {
                out.add(p);
                p.path("panels").forEach(out::add);
            }
            return out;
        }

        List<Query> queries() {
            List<Query> out = new ArrayList<>();
            for (JsonNode p : panels()) {
                for (JsonNode t : p.path("targets")) {
                    out.add(new Query(this, p, t));
                }
            }
            return out;
        }
    }

    /** One target of one panel. */
    record Query(Dashboard dashboard, JsonNode panel, JsonNode target) {
        String expr() {
            return target.path("expr").asText();
        }

        boolean instant() {
            return target.path("instant").asBoolean(false);
        }

        @Override
        public String toString() {
            return dashboard.file() + " / " + panel.path("title").asText() + " / " + target.path("refId").asText();
        }
    }

    static List<Dashboard> all() {
        try (Stream<Path> files = Files.list(Chart.root().resolve("dashboards"))) {
            List<Dashboard> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.add(new Dashboard(f.getFileName().toString(), JSON.readTree(f.toFile())));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
