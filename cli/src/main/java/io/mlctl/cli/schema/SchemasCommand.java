package io.mlctl.cli.schema;

import io.mlctl.api.client.ApiPaths;
import io.mlctl.api.schema.SchemaFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlctl.cli.registry.PageOptions;
import io.mlctl.cli.support.ApiCommand;
import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.cli.support.OutputFormat;
import io.mlctl.cli.support.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.mlctl.cli.support.ApiClient.params;
import static io.mlctl.cli.support.ApiClient.query;
import static io.mlctl.cli.support.ApiClient.seg;

/** {@code mlctl schemas ...}: feature schemas. */
@Command(name = "schemas", mixinStandardHelpOptions = true,
        description = "Push, show, list and compare feature schemas (immutable versions NAME@N).",
        subcommands = {SchemasCommand.Push.class, SchemasCommand.Get.class, SchemasCommand.ListSchemas.class,
                SchemasCommand.Diff.class})
public final class SchemasCommand {

    @Command(name = "push", mixinStandardHelpOptions = true,
            description = {"Store a schema document (YAML, or JSON for .json files) as the next version of the",
                    "schema it names, and show its compatibility with the previous version.",
                    "Pushing a document identical to the newest version stores nothing."},
            footer = {"", "Example: mlctl schemas push fraud-features.yaml --require-compatible"})
    static final class Push extends ApiCommand {
        @Parameters(paramLabel = "FILE")
        Path file;
        @Option(names = "--require-compatible", description = "Refuse (exit 1) a version incompatible with the previous one.")
        boolean requireCompatible;

        @Override
        public Integer call() {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliException(ExitCodes.FAILED, "cannot read " + file + ": " + e.getMessage(), e);
            }
            String type = SchemaFormat.ofFileName(file.getFileName().toString()).contentType();
            JsonNode v = client().postText(query(ApiPaths.schemas(), params("requireCompatible", requireCompatible ? true : null)),
                    text, type);
            if (output.output != OutputFormat.table) {
                printer().object(v);
                return 0;
            }
            JsonNode report = v.path("compatibility");
            out().println(v.path("ref").asText() + (report.hasNonNull("against")
                    ? (report.path("compatible").asBoolean() ? "  compatible" : "  INCOMPATIBLE")
                    + " with " + v.path("name").asText() + "@" + report.path("against").asInt() : "  (first version)"));
            out().flush();
            printChanges(printer(), report);
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Show a schema version (NAME@N, or NAME for the newest): its features, or the stored document.")
    static final class Get extends ApiCommand {
        @Parameters(paramLabel = "NAME[@N]")
        String ref;
        @Option(names = "--source", description = "Print the document exactly as it was pushed.")
        boolean source;

        @Override
        public Integer call() {
            String[] r = split(ref);
            JsonNode v = client().get(ApiPaths.schema(r[0], r[1]));
            if (source) {
                out().print(v.path("source").asText());
                out().flush();
            } else if (output.output != OutputFormat.table) {
                printer().object(v);
            } else {
                out().println(v.path("ref").asText() + " (" + v.path("format").asText() + ", pushed "
                        + v.path("createdAt").asText() + " by " + v.path("createdBy").asText() + ")");
                out().flush();
                List<JsonNode> rows = new ArrayList<>();
                JsonNode schema = v.path("schema");
                boolean mapped = schema.has("inputs") || schema.has("output");
                for (JsonNode f : schema.path("features")) {
                    ObjectNode row = f.deepCopy();
                    if (mapped) {
                        row.put("mapping", inputMapping(schema.path("inputs"), f.path("name").asText()));
                    }
                    rows.add(row);
                }
                if (schema.has("prediction")) {
                    ObjectNode p = schema.path("prediction").deepCopy();
                    p.put("name", p.path("name").asText() + " (prediction)");
                    if (mapped) {
                        p.put("mapping", schema.has("output") ? mapping(schema.path("output")) : "by name");
                    }
                    rows.add(p);
                }
                List<String> columns = new ArrayList<>(List.of("name", "type", "required", "min", "max", "values",
                        "allowOther"));
                if (mapped) {
                    columns.add("mapping"); // where the inference logger finds it (docs/REGISTRY.md, "inputs and output")
                }
                printer().list(Printer.JSON.valueToTree(rows), columns);
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List schemas (newest version of each), or with NAME every version of one schema.")
    static final class ListSchemas extends ApiCommand {
        @Parameters(paramLabel = "NAME", arity = "0..1")
        String name;
        @Option(names = "--name-contains", paramLabel = "TEXT")
        String contains;
        @Mixin
        PageOptions paging;

        @Override
        public Integer call() {
            if (name == null) {
                JsonNode page = client().get(query(ApiPaths.schemas(), params("name", contains, "page", paging.page,
                        "size", paging.size)));
                printPage(page, List.of("name", "latestRef", "featureCount", "latestCompatible", "updatedAt"));
            } else {
                JsonNode page = client().get(query(ApiPaths.schema(name), params("page", paging.page,
                        "size", paging.size)));
                printPage(page, List.of("ref", "compatibility.compatible", "format", "createdAt", "createdBy"));
            }
            return 0;
        }

        private void printPage(JsonNode page, List<String> columns) {
            if (output.output != OutputFormat.table) {
                printer().object(page);
            } else {
                printer().list(page.path("items"), columns);
            }
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Compatibility of a schema version against another (default: the version before it).",
            footer = {"", "Example: mlctl schemas diff fraud-features@3 --against 1"})
    static final class Diff extends ApiCommand {
        @Parameters(paramLabel = "NAME[@N]")
        String ref;
        @Option(names = "--against", paramLabel = "N")
        Integer against;

        @Override
        public Integer call() {
            String[] r = split(ref);
            JsonNode report = client().get(query(ApiPaths.schemaDiff(r[0], r[1]),
                    params("against", against)));
            if (output.output != OutputFormat.table) {
                printer().object(report);
                return 0;
            }
            out().println(report.path("schema").asText() + "@" + report.path("version").asInt()
                    + (report.hasNonNull("against") ? " vs @" + report.path("against").asInt() : " (first version)")
                    + ": " + (report.path("compatible").asBoolean() ? "compatible" : "INCOMPATIBLE"));
            out().flush();
            printChanges(printer(), report);
            return 0;
        }
    }

    /** A feature's input mapping in words: {@code tensor INPUT0, index 0}, or {@code by name} without one. */
    static String inputMapping(JsonNode inputs, String feature) {
        for (JsonNode m : inputs) {
            if (feature.equals(m.path("feature").asText())) {
                return mapping(m);
            }
        }
        return "by name";
    }

    static String mapping(JsonNode m) {
        List<String> parts = new ArrayList<>();
        for (String key : List.of("tensor", "field", "index")) {
            if (m.hasNonNull(key)) {
                parts.add(key + " " + m.get(key).asText());
            }
        }
        if (m.path("argmax").asBoolean(false)) {
            parts.add("argmax");
        }
        return String.join(", ", parts);
    }

    static void printChanges(Printer printer, JsonNode report) {
        if (report.path("changes").size() > 0) {
            printer.list(report.path("changes"), List.of("feature", "kind", "breaking", "detail"));
        }
    }

    /** {@code name@3} -> [name, 3]; {@code name} -> [name, latest]. */
    static String[] split(String ref) {
        int at = ref.indexOf('@');
        return at < 0 ? new String[]{ref, "latest"} : new String[]{ref.substring(0, at), ref.substring(at + 1)};
    }
}
