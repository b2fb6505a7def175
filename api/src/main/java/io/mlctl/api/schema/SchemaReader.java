package io.mlctl.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.api.common.Limits;
import io.mlctl.api.common.ProblemError;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.registry.DriftDefaults;
import io.mlctl.api.registry.DriftSettings;
import io.mlctl.api.registry.Feature;
import io.mlctl.api.registry.FeatureDriftSettings;
import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.api.registry.SchemaFeatureType;
import io.mlctl.api.registry.InputMapping;
import io.mlctl.api.registry.OutputMapping;
import io.mlctl.api.registry.Names;
import io.mlctl.api.registry.QualitySettings;
import io.mlctl.api.quality.LabelValues;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a parsed document tree into a {@link FeatureSchema}, collecting every rule it breaks (unknown keys, wrong
 * types, bad domains, duplicate features, drift settings naming unknown statistics or features, input mappings of
 * unknown or twice-mapped features) with the line it
 * is on, and answering 422 with all of them at once.
 */
final class SchemaReader {
    private static final Pattern FEATURE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]{0,127}");
    private static final Set<String> TOP = Set.of("name", "description", "features", "prediction", "drift",
            "inputs", "output", "quality");
    private static final Set<String> QUALITY = Set.of("task", "positive", "threshold");
    private static final Set<String> INPUT = Set.of("feature", "tensor", "index", "field");
    private static final Set<String> OUTPUT = Set.of("tensor", "index", "field", "argmax");
    private static final Set<String> FEATURE = Set.of("name", "type", "min", "max", "values", "allowOther",
            "required", "description");
    private static final Set<String> DRIFT = Set.of("default", "thresholds", "features", "datasetDriftShare");
    private static final Set<String> LEVELS = Set.of("warn", "drift");
    private static final Set<String> DRIFT_DEFAULT = Set.of("numeric", "categorical", "bins");
    private static final Set<String> FEATURE_DRIFT = Set.of("statistics", "thresholds", "bins");

    private final Map<String, Integer> lines;
    private final List<ProblemError> errors = new ArrayList<>();

    SchemaReader(Map<String, Integer> lines) {
        this.lines = lines;
    }

    FeatureSchema read(JsonNode root) {
        if (!root.isObject()) {
            error("", "the document must be a mapping with name and features");
            throw failed();
        }
        keys(root, "", TOP);
        String name = text(root, "", "name", true);
        if (name != null && !Names.isModelName(name)) {
            error("/name", "schema name '" + name + "' must be a lowercase DNS label ([a-z0-9-], at most 63)");
        }
        String description = text(root, "", "description", false);
        List<Feature> features = new ArrayList<>();
        JsonNode list = root.get("features");
        if (list == null || !list.isArray() || list.isEmpty()) {
            error(list == null ? "" : "/features", "features must be a non-empty list");
        } else if (list.size() > Limits.FEATURES) {
            error("/features", "a schema declares at most " + Limits.FEATURES + " features, not " + list.size());
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                Feature f = feature(list.get(i), "/features/" + i);
                if (f != null && f.name() != null) {
                    if (!seen.add(f.name())) {
                        error("/features/" + i + "/name", "feature '" + f.name() + "' is declared twice");
                    }
                    features.add(f);
                }
            }
        }
        Feature prediction = root.has("prediction") ? feature(root.get("prediction"), "/prediction") : null;
        if (prediction != null) {
            if (prediction != null && prediction.name() != null
                    && features.stream().anyMatch(f -> f.name().equals(prediction.name()))) {
                error("/prediction/name", "the prediction '" + prediction.name() + "' has the name of a feature");
            }
        }
        DriftSettings drift = root.has("drift") ? drift(root.get("drift"), features, prediction) : null;
        List<InputMapping> inputs = root.has("inputs") ? inputs(root.get("inputs"), features, prediction) : null;
        OutputMapping output = root.has("output") ? output(root.get("output"), prediction) : null;
        QualitySettings quality = root.has("quality") ? quality(root.get("quality"), prediction) : null;
        if (!errors.isEmpty()) {
            throw failed();
        }
        return new FeatureSchema(name, description, List.copyOf(features), prediction, drift, inputs, output,
                quality);
    }

    private Feature feature(JsonNode node, String at) {
        if (!node.isObject()) {
            error(at, "a feature is a mapping such as {name: amount, type: numeric}");
            return null;
        }
        keys(node, at, FEATURE);
        String name = text(node, at, "name", true);
        if (name != null && (!FEATURE_NAME.matcher(name).matches() || name.equals(FeatureSchema.PREDICTION))) {
            error(at + "/name", "feature name '" + name + "' must start with a letter or _ and use letters, digits, "
                    + "_ . - (at most 128), and not be " + FeatureSchema.PREDICTION);
        }
        String label = name == null ? at : name;
        String typeWord = text(node, at, "type", true);
        SchemaFeatureType type = null;
        if (typeWord != null) {
            try {
                type = SchemaFeatureType.of(typeWord);
            } catch (IllegalArgumentException e) {
                error(at + "/type", label + ": " + e.getMessage());
            }
        }
        Double min = number(node, at, "min");
        Double max = number(node, at, "max");
        List<String> values = null;
        JsonNode v = node.get("values");
        if (v != null) {
            if (!v.isArray()) {
                error(at + "/values", label + ": values must be a list");
            } else {
                values = new ArrayList<>();
                for (int i = 0; i < v.size(); i++) {
                    JsonNode x = v.get(i);
                    if (!x.isValueNode() || x.isNull()) {
                        error(at + "/values/" + i, label + ": values are plain scalars");
                    } else if (values.contains(x.asText())) {
                        error(at + "/values/" + i, label + ": value '" + x.asText() + "' is listed twice");
                    } else {
                        values.add(x.asText());
                    }
                }
            }
        }
        Boolean allowOther = bool(node, at, "allowOther");
        Boolean required = bool(node, at, "required");
        String description = text(node, at, "description", false);
        if (type == SchemaFeatureType.NUMERIC) {
            if (min != null && max != null && min > max) {
                error(at + "/min", label + ": min " + min + " is greater than max " + max);
            }
            if (values != null || allowOther != null) {
                error(at + (values != null ? "/values" : "/allowOther"), label + ": values/allowOther are for "
                        + "categorical features; bound numeric ones with min/max");
            }
        } else if (type == SchemaFeatureType.CATEGORICAL) {
            if (min != null || max != null) {
                error(at + (min != null ? "/min" : "/max"), label + ": min/max are for numeric features");
            }
            if ((values == null || values.isEmpty()) && !Boolean.TRUE.equals(allowOther)) {
                error(at, label + ": a categorical feature lists its values (or sets allowOther: true)");
            }
        } else if (type == SchemaFeatureType.BOOLEAN && (min != null || max != null || values != null || allowOther != null)) {
            error(at, label + ": a boolean feature takes no min, max, values or allowOther");
        }
        return new Feature(name, type, min, max, values == null ? null : List.copyOf(values), allowOther, required,
                description);
    }

    /** {@code inputs: [{feature: amount, tensor: INPUT0, index: 0}, {feature: is_new, field: is_new}]}. */
    private List<InputMapping> inputs(JsonNode node, List<Feature> features, Feature prediction) {
        if (!node.isArray() || node.isEmpty()) {
            error("/inputs", "inputs is a non-empty list such as [{feature: amount, tensor: INPUT0, index: 0}]");
            return null;
        }
        List<InputMapping> out = new ArrayList<>();
        Set<String> mapped = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "/inputs/" + i;
            JsonNode m = node.get(i);
            if (!m.isObject()) {
                error(at, "an input mapping is a mapping such as {feature: amount, tensor: INPUT0, index: 0}");
                continue;
            }
            keys(m, at, INPUT);
            String feature = text(m, at, "feature", true);
            String tensor = text(m, at, "tensor", false);
            String field = text(m, at, "field", false);
            Integer index = index(m, at);
            String label = feature == null ? at.substring(1).replace('/', '.') : feature;
            if (feature != null) {
                if (features.stream().noneMatch(f -> f.name().equals(feature))) {
                    error(at + "/feature", (prediction != null && feature.equals(prediction.name())
                            ? "'" + feature + "' is the prediction: map it with output, not inputs"
                            : "input mapping for '" + feature + "', which is not a feature of this schema"));
                } else if (!mapped.add(feature)) {
                    error(at + "/feature", "feature '" + feature + "' is mapped twice");
                }
            }
            if (tensor != null && field != null) {
                error(at + "/field", label + ": give a tensor (OIP) or a field (JSON instances), not both");
            } else if (tensor == null && field == null && index == null && m.has("feature")) {
                error(at, label + ": an input mapping needs a tensor, a field or an index");
            }
            if (tensor != null && tensor.isEmpty() || field != null && field.isEmpty()) {
                error(at + (tensor != null ? "/tensor" : "/field"), label + ": tensor and field names are not empty");
            }
            out.add(new InputMapping(feature, tensor, index, field));
        }
        return List.copyOf(out);
    }

    /** {@code quality: {task: binary, positive: 1, threshold: 0.5}}: how labels are scored against predictions. */
    private QualitySettings quality(JsonNode node, Feature prediction) {
        if (!node.isObject()) {
            error("/quality", "quality is a mapping such as {task: binary, positive: 1, threshold: 0.5}");
            return null;
        }
        keys(node, "/quality", QUALITY);
        String task = text(node, "/quality", "task", true);
        if (task != null && !Set.of(QualitySettings.BINARY, QualitySettings.MULTICLASS, QualitySettings.REGRESSION)
                .contains(task)) {
            error("/quality/task", "task must be binary, multiclass or regression, not '" + task + "'");
        }
        if (prediction == null) {
            error("/quality", "quality scores the prediction, but the schema declares no prediction");
        } else if (task != null && !task.equals(QualitySettings.MULTICLASS)
                && prediction.type() != SchemaFeatureType.NUMERIC) {
            error("/quality/task", "a " + task + " model's prediction must be numeric (the "
                    + (task.equals(QualitySettings.BINARY) ? "score of the positive class" : "predicted value")
                    + "), but '" + prediction.name() + "' is " + prediction.type().name().toLowerCase(java.util.Locale.ROOT));
        }
        String positive = null;
        JsonNode p = node.get("positive");
        if (p != null && !p.isNull()) {
            if (!(p.isTextual() || p.isNumber() || p.isBoolean())) {
                error("/quality/positive", "positive is the label of the positive class: a number or a string");
            } else if (!QualitySettings.BINARY.equals(task)) {
                error("/quality/positive", "positive applies to binary models only");
            } else if (p.isNumber() && !Double.isFinite(p.asDouble())) {
                error("/quality/positive", "positive must be a finite number or a string");
            } else {
                positive = p.isNumber() ? LabelValues.number(p.asDouble()) : p.asText();
            }
        }
        Double threshold = number(node, "/quality", "threshold");
        if (threshold != null) {
            if (!QualitySettings.BINARY.equals(task)) {
                error("/quality/threshold", "threshold applies to binary models only");
            } else if (!(threshold >= 0 && threshold <= 1)) {
                error("/quality/threshold", "threshold is a score in [0, 1], not " + threshold);
            }
        }
        return new QualitySettings(task, positive, threshold);
    }

    /** {@code output: {tensor: probabilities, index: 1}}, or {@code argmax: true} instead of the index. */
    private OutputMapping output(JsonNode node, Feature prediction) {
        if (!node.isObject() || node.isEmpty()) {
            error("/output", "output is a mapping such as {tensor: probabilities, index: 1} or {field: score}");
            return null;
        }
        keys(node, "/output", OUTPUT);
        String tensor = text(node, "/output", "tensor", false);
        String field = text(node, "/output", "field", false);
        Integer index = index(node, "/output");
        Boolean argmax = bool(node, "/output", "argmax");
        if (prediction == null) {
            error("/output", "output maps the prediction, but the schema declares no prediction");
        }
        if (tensor != null && field != null) {
            error("/output/field", "output: give a tensor (OIP) or a field (JSON predictions), not both");
        }
        if (Boolean.TRUE.equals(argmax) && index != null) {
            error("/output/argmax", "output: argmax picks the position of the largest value; it takes no index");
        }
        if (tensor != null && tensor.isEmpty() || field != null && field.isEmpty()) {
            error("/output", "output: tensor and field names are not empty");
        }
        return new OutputMapping(tensor, index, field, argmax);
    }

    private Integer index(JsonNode node, String at) {
        JsonNode v = node.get("index");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            error(at + "/index", "index is a column or position: an integer >= 0");
            return null;
        }
        return v.asInt();
    }

    private DriftSettings drift(JsonNode node, List<Feature> features, Feature prediction) {
        if (!node.isObject()) {
            error("/drift", "drift is a mapping with default, thresholds and/or features");
            return null;
        }
        keys(node, "/drift", DRIFT);
        DriftDefaults defaults = null;
        JsonNode d = node.get("default");
        if (d != null) {
            if (!d.isObject()) {
                error("/drift/default", "drift.default is a mapping with numeric, categorical and/or bins");
            } else {
                keys(d, "/drift/default", DRIFT_DEFAULT);
                defaults = new DriftDefaults(statistics(d, "/drift/default", "numeric", SchemaFeatureType.NUMERIC),
                        statistics(d, "/drift/default", "categorical", SchemaFeatureType.CATEGORICAL),
                        bins(d, "/drift/default"));
            }
        }
        Levels levels = thresholds(node, "/drift");
        Double share = number(node, "/drift", "datasetDriftShare");
        if (share != null && !(share > 0 && share <= 1)) {
            error("/drift/datasetDriftShare", "datasetDriftShare is the share of drifted features at which the "
                    + "dataset drifts: a number in (0, 1]");
            share = null;
        }
        Map<String, FeatureDriftSettings> perFeature = null;
        JsonNode f = node.get("features");
        if (f != null) {
            if (!f.isObject()) {
                error("/drift/features", "drift.features maps feature names to their settings");
            } else {
                perFeature = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String at = "/drift/features/" + e.getKey();
                    Feature target = features.stream().filter(x -> e.getKey().equals(x.name())).findFirst()
                            .orElse(prediction != null && e.getKey().equals(prediction.name()) ? prediction : null);
                    if (target == null) {
                        error(at, "drift settings for '" + e.getKey() + "', which is not a feature of this schema");
                        continue;
                    }
                    if (!e.getValue().isObject()) {
                        error(at, "drift settings are a mapping with statistics, thresholds and/or bins");
                        continue;
                    }
                    keys(e.getValue(), at, FEATURE_DRIFT);
                    List<String> statistics = statistics(e.getValue(), at, "statistics", target.type());
                    Levels own = thresholds(e.getValue(), at);
                    perFeature.put(e.getKey(), new FeatureDriftSettings(statistics, own.drift(), own.warn(),
                            bins(e.getValue(), at)));
                }
            }
        }
        return new DriftSettings(defaults, levels.drift(), levels.warn(), share, perFeature);
    }

    private List<String> statistics(JsonNode node, String at, String key, SchemaFeatureType type) {
        JsonNode s = node.get(key);
        if (s == null) {
            return null;
        }
        if (!s.isArray() || s.isEmpty()) {
            error(at + "/" + key, key + " is a non-empty list of statistics " + DriftSettings.STATISTICS);
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            String stat = s.get(i).asText();
            if (!DriftSettings.STATISTICS.contains(stat)) {
                error(at + "/" + key + "/" + i, "unknown statistic '" + stat + "' (expected one of "
                        + DriftSettings.STATISTICS + ")");
            } else if (type == SchemaFeatureType.NUMERIC && (stat.equals("chi2") || stat.equals("cramers_v"))) {
                error(at + "/" + key + "/" + i, stat + " applies to categorical features, not numeric ones");
            } else if (type != null && type != SchemaFeatureType.NUMERIC && (stat.equals("ks") || stat.equals("wasserstein"))) {
                error(at + "/" + key + "/" + i, stat + " applies to numeric features only");
            } else {
                out.add(stat);
            }
        }
        return out;
    }

    /** Drift and warn levels by statistic; either map is null when nothing sets it. */
    private record Levels(Map<String, Double> drift, Map<String, Double> warn) {
    }

    /** {@code thresholds: {psi: 0.2, kl: {warn: 0.05, drift: 0.1}}}: a number is the drift level. */
    private Levels thresholds(JsonNode node, String at) {
        JsonNode t = node.get("thresholds");
        if (t == null) {
            return new Levels(null, null);
        }
        if (!t.isObject()) {
            error(at + "/thresholds", "thresholds map statistics to numbers or {warn, drift}, e.g. {psi: 0.2}");
            return new Levels(null, null);
        }
        Map<String, Double> drift = new LinkedHashMap<>();
        Map<String, Double> warn = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String stat = e.getKey();
            String p = at + "/thresholds/" + stat;
            JsonNode v = e.getValue();
            if (!DriftSettings.STATISTICS.contains(stat)) {
                error(p, "unknown statistic '" + stat + "' (expected one of " + DriftSettings.STATISTICS + ")");
            } else if (v.isObject()) {
                keys(v, p, LEVELS);
                Double d = level(v.get("drift"), p + "/drift", stat + ".drift", true);
                Double w = level(v.get("warn"), p + "/warn", stat + ".warn", false);
                // chi2 levels are p-values: smaller is worse, so its warn level lies above the drift level
                if (d != null && w != null && (stat.equals("chi2") ? w <= d : w >= d)) {
                    error(p + "/warn", "the warn level of " + stat + " must come before its drift level ("
                            + (stat.equals("chi2") ? "above " : "below ") + d + ")");
                } else if (d != null) {
                    drift.put(stat, d);
                    if (w != null) {
                        warn.put(stat, w);
                    }
                }
            } else {
                Double d = level(v, p, "threshold " + stat, true);
                if (d != null) {
                    drift.put(stat, d);
                }
            }
        }
        return new Levels(drift, warn.isEmpty() ? null : warn);
    }

    private Double level(JsonNode v, String at, String what, boolean required) {
        if (v == null || v.isNull()) {
            if (required) {
                error(at, what + " is required: give {warn: w, drift: d} or a number (the drift level)");
            }
            return null;
        }
        if (!v.isNumber() || !(v.asDouble() >= 0) || !Double.isFinite(v.asDouble())) {
            error(at, what + " must be a finite number >= 0");
            return null;
        }
        return v.asDouble();
    }

    private Integer bins(JsonNode node, String at) {
        JsonNode b = node.get("bins");
        if (b == null) {
            return null;
        }
        if (!b.canConvertToInt() || !b.isIntegralNumber() || b.asInt() < 2 || b.asInt() > 1000) {
            error(at + "/bins", "bins must be an integer from 2 to 1000");
            return null;
        }
        return b.asInt();
    }

    private void keys(JsonNode node, String at, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                error(at + "/" + k, "unknown key '" + k + "' (allowed here: " + new java.util.TreeSet<>(allowed) + ")");
            }
        }
    }

    private String text(JsonNode node, String at, String key, boolean required) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                error(at.isEmpty() ? "" : at, (at.isEmpty() ? "the schema" : at) + " needs a " + key);
            }
            return null;
        }
        if (!v.isTextual()) {
            error(at + "/" + key, key + " must be a string");
            return null;
        }
        return v.asText();
    }

    private Double number(JsonNode node, String at, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            error(at + "/" + key, key + " must be a number");
            return null;
        }
        if (!Double.isFinite(v.asDouble())) {
            // 1e400, .inf: a bound of infinity would be stored and printed back as "Infinity"
            error(at + "/" + key, key + " must be a finite number, not " + Limits.echo(v.asText()));
            return null;
        }
        return v.asDouble();
    }

    private Boolean bool(JsonNode node, String at, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            error(at + "/" + key, key + " must be true or false");
            return null;
        }
        return v.asBoolean();
    }

    private void error(String pointer, String reason) {
        String field = pointer.isEmpty() ? null : pointer.substring(1).replace('/', '.');
        errors.add(new ProblemError(line(pointer), field, reason));
    }

    /** The line of the pointer, or of its nearest ancestor that has one. */
    private Integer line(String pointer) {
        String p = pointer;
        while (true) {
            Integer l = lines.get(p);
            if (l != null || p.isEmpty()) {
                return l;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    private ProblemException failed() {
        // in document order, whatever order the rules were checked in
        errors.sort(java.util.Comparator.comparing(ProblemError::line,
                java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
        StringBuilder detail = new StringBuilder("the schema document is invalid: ");
        for (int i = 0; i < errors.size(); i++) {
            ProblemError e = errors.get(i);
            if (i > 0) {
                detail.append("; ");
            }
            if (e.line() != null) {
                detail.append("line ").append(e.line()).append(": ");
            }
            detail.append(e.reason());
        }
        return ProblemException.unprocessable(detail.toString(), errors);
    }
}
