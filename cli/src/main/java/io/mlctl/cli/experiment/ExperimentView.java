package io.mlctl.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.support.OutputFormat;
import io.mlctl.cli.support.Printer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An experiment in table mode: one readable line per field; JSON and YAML print the API's object as it is. */
final class ExperimentView {
    private ExperimentView() {
    }

    static void print(Printer printer, JsonNode e) {
        printer.object(printer.format() == OutputFormat.table ? summary(e) : e);
    }

    static Map<String, Object> summary(JsonNode e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.path("id").asText());
        m.put("model", e.path("model").asText());
        m.put("status", e.path("status").asText() + (e.hasNonNull("stopReason") ? " (" + e.path("stopReason").asText() + ")" : ""));
        List<String> arms = new ArrayList<>();
        e.path("arms").forEach(a -> arms.add(a.path("name").asText()
                + (a.hasNonNull("version") ? " v" + a.path("version").asText() : "") + " weight " + a.path("weight").asInt()));
        m.put("arms", String.join("; ", arms));
        List<String> metrics = new ArrayList<>();
        e.path("metrics").forEach(x -> metrics.add(x.path("name").asText() + " (" + x.path("role").asText() + ", "
                + x.path("type").asText() + ", " + x.path("direction").asText()
                + (x.hasNonNull("baseline") ? ", baseline " + x.path("baseline").asText() : "")
                + (x.hasNonNull("sigma") ? ", sigma " + x.path("sigma").asText() : "")
                + (x.hasNonNull("mdeRelative") ? ", MDE " + x.path("mdeRelative").asText() + " relative" : "")
                + (x.hasNonNull("mdeAbsolute") ? ", MDE " + x.path("mdeAbsolute").asText() + " absolute" : "")
                + (x.hasNonNull("margin") ? ", margin " + x.path("margin").asText() : "") + ")"));
        m.put("metrics", String.join("; ", metrics));
        m.put("alpha / power", e.path("alpha").asText() + " / " + e.path("power").asText());
        m.put("samples", samples(e.path("samples")));
        if (e.hasNonNull("maxDuration")) {
            m.put("maxDuration", e.path("maxDuration").asText());
        }
        m.put("salt", e.path("salt").asText());
        m.put("created", e.path("createdAt").asText() + " by " + e.path("createdBy").asText());
        if (e.hasNonNull("stoppedAt")) {
            m.put("stopped", e.path("stoppedAt").asText());
        }
        return m;
    }

    /** "control 1200/3841, treatment 1187/3841". */
    static String samples(JsonNode samples) {
        List<String> parts = new ArrayList<>();
        samples.path("observed").fields().forEachRemaining(f -> {
            JsonNode req = samples.path("required").get(f.getKey());
            parts.add(f.getKey() + " " + f.getValue().asLong() + (req == null ? "" : "/" + req.asLong()));
        });
        return String.join(", ", parts);
    }
}
