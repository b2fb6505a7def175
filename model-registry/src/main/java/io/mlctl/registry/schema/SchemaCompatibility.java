package io.mlctl.registry.schema;

import io.mlctl.api.registry.CompatibilityReport;
import io.mlctl.api.registry.Feature;
import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.api.registry.SchemaFeatureType;
import io.mlctl.api.registry.InputMapping;
import io.mlctl.api.registry.OutputMapping;
import io.mlctl.api.registry.SchemaChange;
import io.mlctl.api.registry.SchemaChange.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares two versions of a schema from the point of view of data producers: a change is breaking when a row
 * valid under the old version can be rejected by the new one (feature removed or newly required, type changed,
 * domain narrowed: min raised, max lowered, a category dropped, allowOther turned off). A changed {@code inputs} or
 * {@code output} mapping is breaking too: a logger decoding with one version's mapping would read other values as
 * the features of another (a new feature's mapping is part of adding it, not a change).
 */
public final class SchemaCompatibility {
    private SchemaCompatibility() {
    }

    public static CompatibilityReport first(FeatureSchema schema, int version) {
        return new CompatibilityReport(schema.name(), version, null, true, List.of());
    }

    public static CompatibilityReport compare(FeatureSchema older, int olderVersion, FeatureSchema newer, int newerVersion) {
        List<SchemaChange> changes = new ArrayList<>();
        Map<String, Feature> before = byName(older.features());
        Map<String, Feature> after = byName(newer.features());
        for (Feature o : older.features()) {
            Feature n = after.get(o.name());
            if (n == null) {
                changes.add(new SchemaChange(o.name(), Kind.FEATURE_REMOVED, true, "feature removed"));
            } else {
                compareFeature(o, n, changes);
            }
        }
        for (Feature n : newer.features()) {
            if (!before.containsKey(n.name())) {
                changes.add(n.mandatory()
                        ? new SchemaChange(n.name(), Kind.REQUIRED_FEATURE_ADDED, true, "required feature added")
                        : new SchemaChange(n.name(), Kind.FEATURE_ADDED, false, "optional feature added"));
            }
        }
        if (older.prediction() != null && newer.prediction() == null) {
            changes.add(new SchemaChange(older.prediction().name(), Kind.PREDICTION_REMOVED, true, "prediction removed"));
        } else if (older.prediction() == null && newer.prediction() != null) {
            changes.add(new SchemaChange(newer.prediction().name(), Kind.PREDICTION_ADDED, newer.prediction().mandatory(),
                    "prediction declared"));
        } else if (older.prediction() != null) {
            if (!older.prediction().name().equals(newer.prediction().name())) {
                changes.add(new SchemaChange(newer.prediction().name(), Kind.TYPE_CHANGED, true,
                        "prediction renamed from '" + older.prediction().name() + "'"));
            }
            compareFeature(older.prediction(), newer.prediction(), changes);
        }
        for (Feature n : newer.features()) {
            if (before.containsKey(n.name())) {
                InputMapping o = older.input(n.name()).orElse(null);
                InputMapping m = newer.input(n.name()).orElse(null);
                if (!Objects.equals(o, m)) {
                    changes.add(new SchemaChange(n.name(), Kind.MAPPING_CHANGED, true,
                            "input mapping " + describe(o) + " -> " + describe(m)));
                }
            }
        }
        if (!Objects.equals(older.output(), newer.output())) {
            changes.add(new SchemaChange(newer.prediction() != null ? newer.prediction().name() : "output",
                    Kind.MAPPING_CHANGED, true, "output mapping " + describe(older.output()) + " -> "
                    + describe(newer.output())));
        }
        if (!Objects.equals(older.drift(), newer.drift())) {
            changes.add(new SchemaChange("drift", Kind.DRIFT_SETTINGS_CHANGED, false, "drift settings changed"));
        }
        boolean compatible = changes.stream().noneMatch(SchemaChange::breaking);
        return new CompatibilityReport(newer.name(), newerVersion, olderVersion, compatible, List.copyOf(changes));
    }

    private static void compareFeature(Feature o, Feature n, List<SchemaChange> changes) {
        String name = n.name();
        if (o.type() != n.type()) {
            changes.add(new SchemaChange(name, Kind.TYPE_CHANGED, true, "type " + o.type().word() + " -> " + n.type().word()));
            return;
        }
        if (!o.mandatory() && n.mandatory()) {
            changes.add(new SchemaChange(name, Kind.BECAME_REQUIRED, true, "now required"));
        } else if (o.mandatory() && !n.mandatory()) {
            changes.add(new SchemaChange(name, Kind.BECAME_OPTIONAL, false, "no longer required"));
        }
        if (n.type() == SchemaFeatureType.NUMERIC) {
            bound(name, "min", o.min(), n.min(), v -> v, changes);
            bound(name, "max", o.max(), n.max(), v -> -v, changes);
        } else if (n.type() == SchemaFeatureType.CATEGORICAL) {
            List<String> ov = o.values() == null ? List.of() : o.values();
            List<String> nv = n.values() == null ? List.of() : n.values();
            if (o.othersAllowed() && !n.othersAllowed()) {
                changes.add(new SchemaChange(name, Kind.DOMAIN_NARROWED, true, "allowOther true -> false"));
            } else if (!o.othersAllowed() && n.othersAllowed()) {
                changes.add(new SchemaChange(name, Kind.DOMAIN_WIDENED, false, "allowOther false -> true"));
            }
            List<String> removed = ov.stream().filter(v -> !nv.contains(v)).toList();
            List<String> added = nv.stream().filter(v -> !ov.contains(v)).toList();
            if (!removed.isEmpty()) {
                // a dropped category is still accepted when the new version allows other values
                changes.add(new SchemaChange(name, n.othersAllowed() ? Kind.DOMAIN_WIDENED : Kind.DOMAIN_NARROWED,
                        !n.othersAllowed(), "values removed: " + removed));
            }
            if (!added.isEmpty()) {
                changes.add(new SchemaChange(name, Kind.DOMAIN_WIDENED, false, "values added: " + added));
            }
        }
    }

    /**
     * A lower bound (or an upper bound, via {@code sign} flipping it to a lower one): setting or raising it narrows
     * the domain, removing or lowering it widens it.
     */
    private static void bound(String name, String which, Double o, Double n, Function<Double, Double> sign,
                              List<SchemaChange> changes) {
        if (Objects.equals(o, n)) {
            return;
        }
        boolean narrowed = o == null || (n != null && sign.apply(n) > sign.apply(o));
        String detail = which + " " + (o == null ? "unset" : o) + " -> " + (n == null ? "unset" : n);
        changes.add(new SchemaChange(name, narrowed ? Kind.DOMAIN_NARROWED : Kind.DOMAIN_WIDENED, narrowed, detail));
    }

    /** {@code tensor INPUT0, index 0}, or {@code by name} when there is no mapping. */
    private static String describe(InputMapping m) {
        return m == null ? "by name" : describe(m.tensor(), m.field(), m.index(), null);
    }

    private static String describe(OutputMapping m) {
        return m == null ? "by name" : describe(m.tensor(), m.field(), m.index(), m.argmax());
    }

    private static String describe(String tensor, String field, Integer index, Boolean argmax) {
        List<String> parts = new ArrayList<>();
        if (tensor != null) {
            parts.add("tensor " + tensor);
        }
        if (field != null) {
            parts.add("field " + field);
        }
        if (index != null) {
            parts.add("index " + index);
        }
        if (argmax != null) {
            parts.add("argmax " + argmax);
        }
        return "{" + String.join(", ", parts) + "}";
    }

    private static Map<String, Feature> byName(List<Feature> features) {
        return features.stream().collect(Collectors.toMap(Feature::name, f -> f));
    }
}
