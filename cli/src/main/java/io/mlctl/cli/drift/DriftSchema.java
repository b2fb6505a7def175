package io.mlctl.cli.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.support.Printer;
import io.mlctl.drift.evaluation.DriftConfig;
import io.mlctl.drift.evaluation.FeatureDriftConfig;
import io.mlctl.drift.evaluation.Statistic;
import io.mlctl.drift.evaluation.Threshold;
import io.mlctl.drift.profile.Bins;
import io.mlctl.drift.profile.DatasetProfile;
import io.mlctl.drift.profile.FeatureType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code drift compare --schema} needs from a feature schema (YAML or JSON, DESIGN "Feature schemas"): the
 * features and their types, the prediction, and the {@code drift:} overrides. Kept minimal and local to the CLI —
 * the registry owns the full schema model; keys this command does not use (min, max, values…) are ignored.
 *
 * <pre>
 * features:
 *   - {name: amount, type: numeric, required: true, drift: {thresholds: {psi: 0.3}, bins: 20}}
 *   - {name: country, type: categorical}
 * prediction: {name: score, type: numeric}
 * drift:
 *   default: {numeric: [psi, ks, kl], categorical: [psi, chi2, kl], bins: 10, topCategories: 100}
 *   thresholds: {psi: 0.2, ks: {drift: 0.15}, kl: {warn: 0.05, drift: 0.1}}
 *   features: {country: {statistics: [chi2], thresholds: {chi2: 0.01}}}
 *   datasetDriftShare: 0.5
 * </pre>
 * A threshold given as a number is the drift level; as {@code {warn, drift}} it sets both.
 */
record DriftSchema(List<Feature> features, DriftConfig config, Map<String, Integer> bins) {

    /**
     * A feature to compare.
     *
     * @param name    the name it is reported under ({@code __prediction__} for the prediction)
     * @param columns the column names it may have in a data file, in order of preference
     */
    record Feature(String name, FeatureType type, boolean required, List<String> columns) {
    }

    int bins(String feature) {
        return bins.getOrDefault(feature, Bins.DEFAULT_BINS);
    }

    static DriftSchema read(Path file) {
        JsonNode root;
        try {
            root = Printer.YAML.readTree(Files.readString(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DataFileException(file, "no such file");
        } catch (IOException e) {
            throw new DataFileException(file, "not a valid YAML or JSON schema: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new DataFileException(file, e.getMessage());
        }
    }

    static DriftSchema parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a schema is an object with a 'features' list");
        }
        JsonNode drift = root.path("drift");
        JsonNode defaults = drift.path("default");
        int defaultBins = defaults.has("bins") ? positive(defaults.get("bins"), "drift.default.bins") : Bins.DEFAULT_BINS;
        FeatureDriftConfig numeric = FeatureDriftConfig.defaults(FeatureType.NUMERIC);
        FeatureDriftConfig categorical = FeatureDriftConfig.defaults(FeatureType.CATEGORICAL);
        if (defaults.has("numeric")) {
            numeric = numeric.withStatistics(statistics(defaults.get("numeric"), "drift.default.numeric"));
        }
        if (defaults.has("categorical")) {
            categorical = categorical.withStatistics(statistics(defaults.get("categorical"),
                    "drift.default.categorical"));
        }
        if (defaults.has("topCategories")) {
            int top = positive(defaults.get("topCategories"), "drift.default.topCategories");
            numeric = numeric.withTopCategories(top);
            categorical = categorical.withTopCategories(top);
        }
        numeric = thresholds(numeric, drift.path("thresholds"), "drift.thresholds");
        categorical = thresholds(categorical, drift.path("thresholds"), "drift.thresholds");

        JsonNode list = root.path("features");
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("the schema has no 'features' list");
        }
        List<Feature> features = new ArrayList<>();
        Map<String, FeatureDriftConfig> perFeature = new HashMap<>();
        Map<String, Integer> bins = new LinkedHashMap<>();
        List<JsonNode> entries = new ArrayList<>();
        list.forEach(entries::add);
        if (root.path("prediction").isObject()) {
            entries.add(root.get("prediction"));
        }
        for (int i = 0; i < entries.size(); i++) {
            JsonNode f = entries.get(i);
            boolean prediction = i == entries.size() - 1 && f == root.get("prediction");
            String where = prediction ? "prediction" : "features[" + i + "]";
            String column = text(f, "name", where);
            FeatureType type = type(text(f, "type", where), where + ".type");
            String name = prediction ? DatasetProfile.PREDICTION : column;
            if (features.stream().anyMatch(x -> x.name().equals(name))) {
                throw new IllegalArgumentException("feature '" + name + "' is listed twice");
            }
            List<String> columns = prediction ? List.of(column, DatasetProfile.PREDICTION) : List.of(column);
            features.add(new Feature(name, type, f.path("required").asBoolean(false), columns));

            FeatureDriftConfig config = type == FeatureType.NUMERIC ? numeric : categorical;
            int featureBins = defaultBins;
            for (JsonNode override : List.of(drift.path("features").path(column), f.path("drift"))) {
                if (!override.isObject()) {
                    continue;
                }
                String at = override == f.path("drift") ? where + ".drift" : "drift.features." + column;
                if (override.has("statistics")) {
                    config = config.withStatistics(statistics(override.get("statistics"), at + ".statistics"));
                }
                config = thresholds(config, override.path("thresholds"), at + ".thresholds");
                if (override.has("topCategories")) {
                    config = config.withTopCategories(positive(override.get("topCategories"), at + ".topCategories"));
                }
                if (override.has("bins")) {
                    featureBins = positive(override.get("bins"), at + ".bins");
                }
            }
            perFeature.put(name, config);
            bins.put(name, featureBins);
        }
        double share = drift.has("datasetDriftShare") ? drift.get("datasetDriftShare").asDouble(Double.NaN)
                : DriftConfig.DEFAULT_DATASET_DRIFT_SHARE;
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("drift.datasetDriftShare must be a number in (0, 1]");
        }
        return new DriftSchema(features, new DriftConfig(numeric, categorical, perFeature, share), bins);
    }

    private static FeatureType type(String type, String where) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "numeric", "number", "integer", "int", "float", "double" -> FeatureType.NUMERIC;
            case "categorical", "category", "string", "text", "boolean", "bool" -> FeatureType.CATEGORICAL;
            default -> throw new IllegalArgumentException(where + ": unknown type '" + type
                    + "' (numeric, categorical or boolean)");
        };
    }

    private static List<Statistic> statistics(JsonNode node, String where) {
        if (!node.isArray()) {
            throw new IllegalArgumentException(where + " must be a list such as [psi, ks, kl]");
        }
        List<Statistic> stats = new ArrayList<>();
        for (JsonNode s : node) {
            try {
                stats.add(Statistic.parse(s.asText()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
        }
        return stats;
    }

    private static FeatureDriftConfig thresholds(FeatureDriftConfig config, JsonNode node, String where) {
        if (node.isMissingNode() || node.isNull()) {
            return config;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must map statistics to thresholds, e.g. {psi: 0.2}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Statistic s;
            try {
                s = Statistic.parse(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + ": " + ex.getMessage());
            }
            JsonNode v = e.getValue();
            Threshold current = config.threshold(s);
            Threshold t;
            if (v.isNumber()) {
                t = current.withDrift(v.asDouble(), s.lowerIsWorse());
            } else if (v.isObject() && v.path("drift").isNumber()) {
                Double warn = v.path("warn").isNumber() ? v.get("warn").asDouble() : null;
                t = new Threshold(warn, v.get("drift").asDouble());
            } else {
                throw new IllegalArgumentException(where + "." + e.getKey()
                        + " must be a number or {warn: w, drift: d}");
            }
            config = config.withThreshold(s, t);
        }
        return config;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.path(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + " needs a '" + field + "'");
        }
        return v.asText();
    }

    private static int positive(JsonNode v, String where) {
        if (!v.canConvertToInt() || v.asInt() < 1) {
            throw new IllegalArgumentException(where + " must be a positive integer");
        }
        return v.asInt();
    }
}
