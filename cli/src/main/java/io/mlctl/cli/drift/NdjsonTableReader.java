package io.mlctl.cli.drift;

import io.mlctl.api.registry.FeatureSchema;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads NDJSON: one JSON object per line, either flat ({@code {"amount": 12.5, "country": "DE"}}: every member is a
 * feature) or in the control plane's sample format ({@code {"ts": …, "features": {…}, "prediction": 0.03}}: the
 * members of {@code features} are the features, {@code prediction} is the feature {@code __prediction__}, anything
 * else on the line is ignored). Values must be flat: numbers, strings, booleans (categories) or null.
 */
final class NdjsonTableReader {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private final Path file;
    private final ReadPlan plan;
    private final Map<String, Column> columns = new LinkedHashMap<>();
    private long rows;

    private NdjsonTableReader(Path file, ReadPlan plan) {
        this.file = file;
        this.plan = plan;
    }

    static DataTable read(Path file, ReadPlan plan) {
        NdjsonTableReader r = new NdjsonTableReader(file, plan);
        try (JsonParser p = JSON.createParser(file.toFile())) {
            r.readAll(p);
        } catch (JsonParseException e) {
            throw new DataFileException(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read: " + e.getMessage());
        }
        return new DataTable(file, r.columns, r.rows);
    }

    private void readAll(JsonParser p) throws IOException {
        for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
            long line = p.currentLocation().getLineNr();
            if (t != JsonToken.START_OBJECT) {
                throw new DataFileException(file, line, "expected a JSON object per line, found " + describe(t));
            }
            rows++;
            readObject(p, line, true);
        }
    }

    /** Reads one object's members; at the top level a {@code features} object makes it a sample line. */
    private void readObject(JsonParser p, long line, boolean top) throws IOException {
        Map<String, Object> topLevel = top ? new LinkedHashMap<>() : null;
        boolean sample = false;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (top && name.equals("features") && v == JsonToken.START_OBJECT) {
                sample = true;
                readObject(p, line, false);
                continue;
            }
            if (top) {
                // held back until we know whether this line is flat or a sample
                topLevel.put(name, value(p, v, name, line));
            } else {
                accept(name, value(p, v, name, line), line);
            }
        }
        if (top) {
            for (Map.Entry<String, Object> e : topLevel.entrySet()) {
                if (!sample) {
                    accept(e.getKey(), e.getValue(), line);
                } else if (e.getKey().equals("prediction")) {
                    accept(FeatureSchema.PREDICTION, e.getValue(), line);
                }
            }
        }
    }

    private Object value(JsonParser p, JsonToken v, String name, long line) throws IOException {
        return switch (v) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new JsonNumber(p.getDoubleValue(), p.getText());
            case VALUE_STRING -> p.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new DataFileException(file, line, "'" + name + "' is " + describe(v)
                    + "; values must be numbers, strings, booleans or null");
        };
    }

    private void accept(String name, Object value, long line) {
        if (!plan.wants(name)) {
            return;
        }
        Column c = columns.get(name);
        if (c == null) {
            c = new Column(name, file, plan.declared(name));
            columns.put(name, c); // rows without it count as missing when the table is finished
        }
        if (value == null) {
            c.nullCell();
        } else if (value instanceof JsonNumber n) {
            c.jsonNumber(n.value(), n.literal());
        } else if (value instanceof Boolean b) {
            c.jsonBoolean(b, line);
        } else {
            c.string((String) value, line);
        }
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            default -> t.asString() == null ? t.name() : "'" + t.asString() + "'";
        };
    }

    private record JsonNumber(double value, String literal) {
    }
}
