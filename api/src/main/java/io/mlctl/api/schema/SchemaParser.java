package io.mlctl.api.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mlctl.api.common.Limits;
import io.mlctl.api.common.ProblemError;
import io.mlctl.api.common.ProblemException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a feature-schema document (YAML or JSON). Syntax errors are 400 with the line and column; a document that
 * parses but breaks the schema rules is 422 listing every error with its line (see {@link SchemaReader}).
 */
public final class SchemaParser {
    /** Largest document accepted; larger uploads answer 413. */
    public static final int MAX_BYTES = Limits.SCHEMA_BYTES;

    private static final ObjectMapper JSON = mapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private static final YamlTree.Factory YAML = new YamlTree.Factory(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .loaderOptions(loaderOptions()));

    private SchemaParser() {
    }

    public static ParsedSchema parse(String source, SchemaFormat format) {
        if (source.length() > MAX_BYTES) {
            throw new ProblemException(413, "Content Too Large",
                    "a schema document is at most " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        Map<String, Integer> lines = new HashMap<>();
        try {
            if (format == SchemaFormat.JSON) {
                root = JSON.readTree(source);
                lines = lines(JSON.getFactory(), source);
            } else {
                // not ObjectMapper.readTree: it leaves an alias as its name (values: *common would be the string
                // "common"); YamlTree resolves aliases with a cap on their expansion
                try (YamlTree.AnchorParser parser = (YamlTree.AnchorParser) YAML.createParser(
                        new java.io.StringReader(source))) {
                    root = YamlTree.read(parser, lines);
                }
            }
        } catch (JsonProcessingException e) {
            throw malformed(format, e);
        } catch (IOException e) {
            throw ProblemException.badRequest("cannot read the schema document: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw ProblemException.badRequest("the schema document is empty");
        }
        return new ParsedSchema(new SchemaReader(lines).read(root), format, source);
    }

    private static ProblemException malformed(SchemaFormat format, JsonProcessingException e) {
        int line;
        int column;
        String what;
        if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) {
            // SnakeYAML knows where the problem is and says it in words; its message also quotes the source
            line = y.getProblemMark().getLine() + 1;
            column = y.getProblemMark().getColumn() + 1;
            what = (y.getContext() == null ? "" : y.getContext() + ": ") + y.getProblem();
        } else {
            JsonLocation loc = e.getLocation();
            line = loc == null ? -1 : loc.getLineNr();
            column = loc == null ? -1 : loc.getColumnNr();
            what = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage().split("\n")[0];
        }
        if (line < 1) {
            return ProblemException.badRequest("malformed " + format.name() + ": " + what);
        }
        return ProblemException.badRequest("malformed " + format.name() + " at line " + line + ", column "
                + column + ": " + what, ProblemError.line(line, what));
    }

    /** The line of every value and key, by JSON pointer ({@code /features/1/type}). */
    private static Map<String, Integer> lines(JsonFactory factory, String source) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        try (JsonParser p = factory.createParser(source)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                JsonPointer ptr = t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY
                        ? p.getParsingContext().getParent() == null ? JsonPointer.empty()
                        : p.getParsingContext().getParent().pathAsPointer()
                        : p.getParsingContext().pathAsPointer();
                out.putIfAbsent(ptr.toString(), p.currentTokenLocation().getLineNr());
            }
        }
        return out;
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        // SnakeYAML's scanner stops reading past this many code points (a document is at most this many bytes)
        options.setCodePointLimit(Limits.SCHEMA_BYTES);
        return options;
    }

    private static ObjectMapper mapper(JsonFactory factory) {
        // one document: "{...} garbage" or two objects are malformed, not the first object
        return new ObjectMapper(factory).enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
