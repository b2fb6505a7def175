package io.mlctl.registry.schema;

import io.mlctl.api.schema.ParsedSchema;
import io.mlctl.api.schema.SchemaFormat;
import io.mlctl.api.schema.SchemaParser;
import io.mlctl.api.registry.CompatibilityReport;
import io.mlctl.api.registry.SchemaChange;
import io.mlctl.api.registry.SchemaChange.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaCompatibilityTest {
    private static final String BASE = """
            name: s
            features:
              - {name: amount, type: numeric, min: 0, max: 100}
              - {name: country, type: categorical, values: [US, DE, FR], allowOther: true}
              - {name: flag, type: boolean}
            """;

    private static CompatibilityReport diff(String newer) {
        return SchemaCompatibility.compare(SchemaParser.parse(BASE, SchemaFormat.YAML).schema(), 1,
                SchemaParser.parse(newer, SchemaFormat.YAML).schema(), 2);
    }

    private static List<Kind> kinds(CompatibilityReport r) {
        return r.changes().stream().map(SchemaChange::kind).toList();
    }

    @Test
    void optionalAdditionsAndWideningAreCompatible() {
        CompatibilityReport r = diff(BASE.replace("min: 0, max: 100", "min: -10")
                .replace("[US, DE, FR]", "[US, DE, FR, JP]") + "  - {name: extra, type: numeric}\n");
        assertTrue(r.compatible(), r.toString());
        assertEquals(List.of(Kind.DOMAIN_WIDENED, Kind.DOMAIN_WIDENED, Kind.DOMAIN_WIDENED, Kind.FEATURE_ADDED), kinds(r));
        assertEquals(1, r.against());
        assertEquals(2, r.version());
    }

    @Test
    void requiredFeatureAddedIsIncompatible() {
        CompatibilityReport r = diff(BASE + "  - {name: extra, type: numeric, required: true}\n");
        assertFalse(r.compatible());
        assertEquals(List.of(Kind.REQUIRED_FEATURE_ADDED), kinds(r));
    }

    @Test
    void narrowedDomainsAreIncompatible() {
        assertEquals(List.of(Kind.DOMAIN_NARROWED), kinds(diff(BASE.replace("min: 0,", "min: 1,"))));
        assertEquals(List.of(Kind.DOMAIN_NARROWED), kinds(diff(BASE.replace("max: 100", "max: 50"))));
        assertFalse(diff(BASE.replace("allowOther: true", "allowOther: false")).compatible());
        String noOther = BASE.replace(", allowOther: true", "");
        CompatibilityReport dropped = SchemaCompatibility.compare(SchemaParser.parse(noOther, SchemaFormat.YAML).schema(), 1,
                SchemaParser.parse(noOther.replace("[US, DE, FR]", "[US, DE]"), SchemaFormat.YAML).schema(), 2);
        assertFalse(dropped.compatible());
        assertEquals("values removed: [FR]", dropped.changes().get(0).detail());
        // a dropped value is still accepted while allowOther stays true
        assertTrue(diff(BASE.replace("[US, DE, FR]", "[US, DE]")).compatible());
    }

    @Test
    void typeChangesRemovalsAndNewlyRequiredAreIncompatible() {
        assertEquals(List.of(Kind.TYPE_CHANGED), kinds(diff(BASE.replace("{name: flag, type: boolean}",
                "{name: flag, type: categorical, values: [y, n]}"))));
        assertEquals(List.of(Kind.FEATURE_REMOVED), kinds(diff(BASE.replace("  - {name: flag, type: boolean}\n", ""))));
        assertEquals(List.of(Kind.BECAME_REQUIRED), kinds(diff(BASE.replace("{name: flag, type: boolean}",
                "{name: flag, type: boolean, required: true}"))));
    }

    @Test
    void driftSettingsChangesAreReportedButCompatible() {
        CompatibilityReport r = diff(BASE + "drift: {thresholds: {psi: 0.3}}\n");
        assertTrue(r.compatible());
        assertEquals(List.of(Kind.DRIFT_SETTINGS_CHANGED), kinds(r));
    }

    @Test
    void addingChangingOrRemovingAMappingIsIncompatible() {
        String mapped = BASE + "prediction: {name: score, type: numeric}\n"
                + "inputs:\n  - {feature: amount, tensor: INPUT0, index: 0}\n"
                + "output: {tensor: probabilities, index: 1}\n";
        String unmapped = BASE + "prediction: {name: score, type: numeric}\n";
        CompatibilityReport added = compare(unmapped, mapped);
        assertFalse(added.compatible());
        assertEquals(List.of(new SchemaChange("amount", Kind.MAPPING_CHANGED, true,
                        "input mapping by name -> {tensor INPUT0, index 0}"),
                new SchemaChange("score", Kind.MAPPING_CHANGED, true,
                        "output mapping by name -> {tensor probabilities, index 1}")), added.changes());
        CompatibilityReport changed = compare(mapped, mapped.replace("index: 0}", "index: 2}")
                .replace("index: 1}", "argmax: true}"));
        assertEquals(List.of(new SchemaChange("amount", Kind.MAPPING_CHANGED, true,
                        "input mapping {tensor INPUT0, index 0} -> {tensor INPUT0, index 2}"),
                new SchemaChange("score", Kind.MAPPING_CHANGED, true,
                        "output mapping {tensor probabilities, index 1} -> {tensor probabilities, argmax true}")),
                changed.changes());
        CompatibilityReport removed = compare(mapped, unmapped);
        assertFalse(removed.compatible());
        assertEquals(List.of(Kind.MAPPING_CHANGED, Kind.MAPPING_CHANGED), kinds(removed));
        assertTrue(compare(mapped, mapped).compatible());
        // a new feature arrives with its mapping: adding it is the change, as for any optional feature
        CompatibilityReport newFeature = compare(mapped, mapped.replace("prediction:",
                "  - {name: extra, type: numeric}\nprediction:").replace("inputs:\n",
                "inputs:\n  - {feature: extra, tensor: INPUT0, index: 1}\n"));
        assertTrue(newFeature.compatible(), newFeature.toString());
        assertEquals(List.of(Kind.FEATURE_ADDED), kinds(newFeature));
    }

    private static CompatibilityReport compare(String older, String newer) {
        return SchemaCompatibility.compare(SchemaParser.parse(older, SchemaFormat.YAML).schema(), 1,
                SchemaParser.parse(newer, SchemaFormat.YAML).schema(), 2);
    }
}
