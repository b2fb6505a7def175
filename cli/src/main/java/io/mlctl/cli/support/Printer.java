package io.mlctl.cli.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Prints a result as a table (default), JSON or YAML. Tables use picocli's own {@link TextTable}, so columns wrap
 * the same way the help text does.
 */
public final class Printer {
    // modules are registered by name, not found with findAndRegisterModules(): its ServiceLoader scan of every jar
    // costs a short command more than the rest of its JSON work
    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** The YAML mapper, created (with SnakeYAML) only by the commands that read or write YAML. */
    public static ObjectMapper yamlMapper() {
        return YamlHolder.YAML;
    }

    private static final class YamlHolder {
        static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
                .registerModule(new JavaTimeModule());
    }

    /**
     * Reads files the user wrote (YAML or JSON) as strictly as the server reads bodies (docs/LIMITS.md): one
     * document, no string/number/boolean coercion, no fraction truncated into an integer, unknown members refused,
     * null for a primitive refused; so a typo fails here with its line instead of being sent or dropped.
     */
    public static ObjectMapper strictFiles() {
        return StrictHolder.STRICT;
    }

    private static final class StrictHolder {
        static final ObjectMapper STRICT = strict(new ObjectMapper(new YAMLFactory()).registerModule(new JavaTimeModule()));
    }

    private static ObjectMapper strict(ObjectMapper m) {
        return io.mlctl.api.common.StrictJson.documents(m);
    }

    private final PrintWriter out;
    private final OutputFormat format;

    public Printer(PrintStream out, OutputFormat format) {
        this(new PrintWriter(out, true), format);
    }

    /** For picocli's {@code spec.commandLine().getOut()}, which tests can capture. */
    public Printer(PrintWriter out, OutputFormat format) {
        this.out = out;
        this.format = format;
    }

    public OutputFormat format() {
        return format;
    }

    /** Prints one object: as a two-column key/value table, or as JSON/YAML. */
    public void object(Object value) {
        JsonNode node = JSON.valueToTree(value);
        switch (format) {
            case json -> out.println(json(node));
            case yaml -> {
                out.print(yaml(node));
                out.flush();
            }
            case table -> {
                if (node instanceof ObjectNode obj) {
                    List<String[]> rows = new ArrayList<>();
                    obj.fields().forEachRemaining(e -> rows.add(new String[]{e.getKey(), cell(e.getValue())}));
                    table(new String[]{"FIELD", "VALUE"}, rows);
                } else if (node instanceof ArrayNode arr) {
                    list(arr, null);
                } else {
                    out.println(cell(node));
                }
            }
        }
    }

    /**
     * Prints a list. In table mode the columns are the given fields (dotted paths allowed), or all top-level
     * fields of the first element when {@code columns} is null.
     */
    public void list(Object values, List<String> columns) {
        JsonNode node = JSON.valueToTree(values);
        if (format != OutputFormat.table) {
            object(values);
            return;
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        List<String> cols = columns;
        if (cols == null) {
            cols = new ArrayList<>();
            if (!items.isEmpty()) {
                for (Iterator<String> it = items.get(0).fieldNames(); it.hasNext(); ) {
                    cols.add(it.next());
                }
            }
        }
        if (items.isEmpty()) {
            out.println("(none)");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        for (JsonNode item : items) {
            String[] row = new String[cols.size()];
            for (int i = 0; i < cols.size(); i++) {
                row[i] = cell(at(item, cols.get(i)));
            }
            rows.add(row);
        }
        String[] header = cols.stream().map(c -> c.replace('.', '_').toUpperCase()).toArray(String[]::new);
        table(header, rows);
    }

    /** Prints a plain table with the given header. */
    public void table(String[] header, List<String[]> rows) {
        int n = header.length;
        int[] widths = new int[n];
        for (int i = 0; i < n; i++) {
            widths[i] = header[i].length();
        }
        for (String[] r : rows) {
            for (int i = 0; i < n; i++) {
                widths[i] = Math.max(widths[i], r[i] == null ? 0 : r[i].length());
            }
        }
        Column[] columns = new Column[n];
        for (int i = 0; i < n; i++) {
            // cap very wide cells so a long description wraps instead of pushing the table off screen
            columns[i] = new Column(Math.min(widths[i], 60) + 2, 0, Column.Overflow.WRAP);
        }
        TextTable t = TextTable.forColumns(Ansi.OFF, columns);
        t.addRowValues(header);
        for (String[] r : rows) {
            String[] cells = new String[n];
            for (int i = 0; i < n; i++) {
                cells[i] = r[i] == null ? "" : r[i];
            }
            t.addRowValues(cells);
        }
        out.print(t.toString());
        out.flush();
    }

    public static JsonNode at(JsonNode node, String dotted) {
        JsonNode cur = node;
        for (String part : dotted.split("\\.")) {
            if (cur == null) {
                return null;
            }
            cur = cur.get(part);
        }
        return cur;
    }

    public static String cell(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "";
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isObject()) {
            StringBuilder sb = new StringBuilder();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(e.getKey()).append('=').append(cell(e.getValue()));
            }
            return sb.toString();
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(cell(x)));
            return String.join(", ", parts);
        }
        return v.toString();
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String yaml(Object value) {
        try {
            return yamlMapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
