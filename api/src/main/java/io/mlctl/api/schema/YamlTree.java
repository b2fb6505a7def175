package io.mlctl.api.schema;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.mlctl.api.common.Limits;
import io.mlctl.api.common.ProblemError;
import io.mlctl.api.common.ProblemException;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.NodeEvent;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Builds the tree of a YAML document from Jackson's YAML token stream, resolving anchors and aliases
 * ({@code values: *common}) and merge keys ({@code <<: *defaults}), which Jackson's tree reader leaves as the alias
 * name. Expansion is capped: every alias adds the size of what it points to to a running count, and a document whose
 * aliases would add more than {@link Limits#YAML_ALIAS_NODES} values (the billion-laughs document adds 10^9) is refused
 * as soon as the count passes it, before anything is expanded. An alias is shared, not copied, so memory stays that of
 * the document. An alias must follow its anchor's end, so a node cannot contain itself. The line of every value is
 * recorded by JSON pointer on the way, for the errors of {@link SchemaReader}.
 */
final class YamlTree {
    /** Deepest nesting a schema document may have (a real one needs about 5). */
    static final int MAX_DEPTH = 64;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final AnchorParser p;
    private final Map<String, Integer> lines;
    private final Map<String, Anchored> anchors = new HashMap<>();
    /** Values built so far, counting each alias as the size of what it points to. */
    private long built;
    /** Values added by aliases (what the cap is on). */
    private long aliased;

    private record Anchored(JsonNode node, long size) {
    }

    /**
     * Jackson's YAML parser, telling the anchor of the current value: its own {@code getObjectId()} loses the anchor
     * of a scalar inside a mapping ({@code min: &zero 0}), the SnakeYAML event it read still has it.
     */
    static final class AnchorParser extends YAMLParser {
        AnchorParser(IOContext context, int features, int yamlFeatures, LoaderOptions options, ObjectCodec codec,
                     Reader reader) {
            super(context, features, yamlFeatures, options, codec, reader);
        }

        String anchor() {
            return _lastEvent instanceof NodeEvent node && !(node instanceof AliasEvent) ? node.getAnchor() : null;
        }
    }

    /** Makes {@link AnchorParser}s (use {@code createParser(Reader)}). */
    static final class Factory extends YAMLFactory {
        Factory(YAMLFactoryBuilder builder) {
            super(builder);
        }

        @Override
        protected YAMLParser _createParser(Reader reader, IOContext context) {
            return new AnchorParser(context, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec,
                    reader);
        }
    }

    private YamlTree(AnchorParser p, Map<String, Integer> lines) {
        this.p = p;
        this.lines = lines;
    }

    /** The document's root (null when empty), filling {@code lines}. */
    static JsonNode read(AnchorParser parser, Map<String, Integer> lines) throws IOException {
        YamlTree tree = new YamlTree(parser, lines);
        JsonToken t = parser.nextToken();
        if (t == null) {
            return null;
        }
        JsonNode root = tree.value(t, JsonPointer.empty(), 0);
        if (parser.nextToken() != null) {
            throw ProblemException.badRequest("the schema file holds more than one YAML document (a second '---' at "
                    + "line " + parser.currentTokenLocation().getLineNr() + "); send one schema per request");
        }
        return root;
    }

    private JsonNode value(JsonToken t, JsonPointer at, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw ProblemException.badRequest("the schema document nests deeper than " + MAX_DEPTH + " levels");
        }
        int line = p.currentTokenLocation().getLineNr();
        lines.putIfAbsent(at.toString(), line);
        if (t == JsonToken.VALUE_STRING && p.isCurrentAlias()) {
            return alias(p.getText(), line);
        }
        String anchor = p.anchor();
        long before = built;
        built++;
        JsonNode node = switch (t) {
            case START_OBJECT -> mapping(at, depth);
            case START_ARRAY -> sequence(at, depth);
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(floating(p.getText()));
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            // !!binary and other explicit tags Jackson hands over as objects: the text they were written as
            default -> NODES.textNode(p.getText());
        };
        if (anchor != null) {
            anchors.put(anchor, new Anchored(node, built - before));
        }
        return node;
    }

    /** A YAML float; .inf and .nan (which Jackson cannot convert) become the doubles the schema rules refuse. */
    private double floating(String text) throws IOException {
        String t = text.startsWith("+") ? text.substring(1) : text;
        return switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case ".inf" -> Double.POSITIVE_INFINITY;
            case "-.inf" -> Double.NEGATIVE_INFINITY;
            case ".nan" -> Double.NaN;
            default -> p.getDoubleValue();
        };
    }

    private JsonNode alias(String name, int line) {
        Anchored a = anchors.get(name);
        if (a == null) {
            throw ProblemException.badRequest("the alias *" + Limits.echo(name) + " at line " + line + " names no "
                    + "anchor before it (an alias must come after its anchor's value has ended)",
                    ProblemError.line(line, "unknown alias *" + Limits.echo(name)));
        }
        built += a.size();
        aliased += a.size();
        if (aliased > Limits.YAML_ALIAS_NODES) {
            throw ProblemException.unprocessable("the schema document's aliases expand to more than "
                    + Limits.YAML_ALIAS_NODES + " values (at the alias *" + Limits.echo(name) + ", line " + line
                    + "); write the values out or use fewer aliases",
                    List.of(ProblemError.line(line, "aliases expand to more than " + Limits.YAML_ALIAS_NODES
                            + " values")));
        }
        return a.node();
    }

    private ObjectNode mapping(JsonPointer at, int depth) throws IOException {
        ObjectNode node = NODES.objectNode();
        List<JsonNode> merged = new ArrayList<>();
        int mergeLine = -1;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if ("<<".equals(key)) {
                // a YAML merge key: its mapping(s) fill in what this mapping does not set itself
                mergeLine = p.currentTokenLocation().getLineNr();
                merged.add(value(v, at, depth + 1));
            } else {
                node.set(key, value(v, at.appendProperty(key), depth + 1));
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw ProblemException.badRequest("malformed YAML near line " + p.currentTokenLocation().getLineNr());
        }
        for (JsonNode m : merged) {
            // "<<: [*a, *b]": the earlier mapping wins, as in YAML's merge key type
            List<JsonNode> sources = new ArrayList<>();
            if (m.isArray()) {
                m.forEach(sources::add);
            } else {
                sources.add(m);
            }
            for (JsonNode s : sources) {
                if (!s.isObject()) {
                    throw ProblemException.badRequest("the merge key '<<' at line " + mergeLine + " takes a mapping "
                            + "or a list of mappings (an alias such as <<: *defaults)",
                            ProblemError.line(mergeLine, "'<<' takes a mapping or a list of mappings"));
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!node.has(e.getKey())) {
                        node.set(e.getKey(), e.getValue());
                    }
                }
            }
        }
        return node;
    }

    private ArrayNode sequence(JsonPointer at, int depth) throws IOException {
        ArrayNode node = NODES.arrayNode();
        JsonToken t;
        int i = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw ProblemException.badRequest("malformed YAML: a list is not closed");
            }
            node.add(value(t, at.appendIndex(i++), depth + 1));
        }
        return node;
    }
}
