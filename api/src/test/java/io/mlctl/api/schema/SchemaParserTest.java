package io.mlctl.api.schema;

import io.mlctl.api.common.ProblemError;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.registry.Feature;
import io.mlctl.api.registry.FeatureDriftSettings;
import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.api.registry.SchemaFeatureType;
import io.mlctl.api.registry.InputMapping;
import io.mlctl.api.registry.OutputMapping;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaParserTest {
    static final String DESIGN_EXAMPLE = """
            name: fraud-features
            features:
              - {name: amount, type: numeric, min: 0, required: true}
              - {name: country, type: categorical, values: [US, DE, FR], allowOther: true}
              - {name: is_new_customer, type: boolean}
            prediction: {name: score, type: numeric, min: 0, max: 1}
            drift:                        # optional overrides
              default: {numeric: [psi, ks, kl], categorical: [psi, chi2, kl], bins: 10}
              thresholds: {psi: 0.2}
            """;

    @Test
    void readsTheDesignExample() {
        FeatureSchema s = SchemaParser.parse(DESIGN_EXAMPLE, SchemaFormat.YAML).schema();
        assertEquals("fraud-features", s.name());
        assertEquals(3, s.features().size());
        Feature amount = s.feature("amount").orElseThrow();
        assertEquals(SchemaFeatureType.NUMERIC, amount.type());
        assertEquals(0.0, amount.min());
        assertTrue(amount.mandatory());
        assertEquals(List.of("US", "DE", "FR"), s.feature("country").orElseThrow().values());
        assertEquals(1.0, s.prediction().max());
        assertEquals(0.2, s.drift().thresholds().get("psi"));
        assertEquals(10, s.drift(amount).bins());
        assertEquals(List.of("psi", "chi2", "kl"), s.drift(s.feature("country").orElseThrow()).statistics());
    }

    @Test
    void jsonAndYamlGiveTheSameSchema() {
        String json = """
                {"name": "fraud-features", "features": [
                  {"name": "amount", "type": "numeric", "min": 0, "required": true},
                  {"name": "country", "type": "categorical", "values": ["US", "DE", "FR"], "allowOther": true},
                  {"name": "is_new_customer", "type": "boolean"}],
                 "prediction": {"name": "score", "type": "numeric", "min": 0, "max": 1},
                 "drift": {"default": {"numeric": ["psi", "ks", "kl"], "categorical": ["psi", "chi2", "kl"], "bins": 10},
                           "thresholds": {"psi": 0.2}}}
                """;
        assertEquals(SchemaParser.parse(DESIGN_EXAMPLE, SchemaFormat.YAML).schema(),
                SchemaParser.parse(json, SchemaFormat.JSON).schema());
    }

    private static ProblemException fails(String doc, SchemaFormat format) {
        return assertThrows(ProblemException.class, () -> SchemaParser.parse(doc, format));
    }

    @Test
    void malformedYamlIs400NamingTheLine() {
        ProblemException e = fails("name: x\nfeatures:\n  - {name: a, type: numeric\n  - {name: b}\n", SchemaFormat.YAML);
        assertEquals(400, e.status());
        assertTrue(e.detail().startsWith("malformed YAML at line "), e.detail());
        assertTrue(e.errors().get(0).line() >= 3, e.errors().toString());
        ProblemException tab = fails("name: x\nfeatures:\n\t- {name: a}\n", SchemaFormat.YAML);
        assertEquals(3, tab.errors().get(0).line(), tab.detail());
    }

    @Test
    void malformedJsonIs400NamingTheLine() {
        ProblemException e = fails("{\"name\": \"x\",\n \"features\": [\n  {\"name\": \"a\" \"type\": \"numeric\"}]}",
                SchemaFormat.JSON);
        assertEquals(400, e.status());
        assertEquals(3, e.errors().get(0).line());
        assertTrue(e.detail().contains("line 3"), e.detail());
    }

    @Test
    void duplicateKeysAreMalformed() {
        ProblemException e = fails("name: x\nname: y\nfeatures: []\n", SchemaFormat.YAML);
        assertEquals(400, e.status());
        assertEquals(2, e.errors().get(0).line());
    }

    @Test
    void semanticErrorsAre422WithEveryLine() {
        String doc = """
                name: Fraud_Features
                features:
                  - name: amount
                    type: numeric
                    min: 5
                    max: 1
                  - name: country
                    type: categorical
                  - name: amount
                    type: numerc
                  - name: flag
                    type: boolean
                    colour: red
                drift:
                  thresholds: {psi: -1, foo: 2}
                  features: {ghost: {bins: 10}}
                """;
        ProblemException e = fails(doc, SchemaFormat.YAML);
        assertEquals(422, e.status());
        Map<String, Integer> lineByField = new HashMap<>();
        for (ProblemError err : e.errors()) {
            lineByField.put(err.field(), err.line());
        }
        assertEquals(1, lineByField.get("name"), e.errors().toString());
        assertEquals(5, lineByField.get("features.0.min"), e.errors().toString());
        assertEquals(7, lineByField.get("features.1"), e.errors().toString());
        assertEquals(9, lineByField.get("features.2.name"), e.errors().toString());
        assertEquals(10, lineByField.get("features.2.type"), e.errors().toString());
        assertEquals(13, lineByField.get("features.3.colour"), e.errors().toString());
        assertEquals(15, lineByField.get("drift.thresholds.psi"), e.errors().toString());
        assertEquals(15, lineByField.get("drift.thresholds.foo"), e.errors().toString());
        assertEquals(16, lineByField.get("drift.features.ghost"), e.errors().toString());
        assertTrue(e.detail().contains("line 10: amount: unknown feature type 'numerc'"), e.detail());
    }

    @Test
    void warnLevelsAndTheDatasetDriftShare() {
        FeatureSchema s = SchemaParser.parse("""
                name: levels
                features:
                  - {name: amount, type: numeric}
                  - {name: country, type: categorical, allowOther: true}
                drift:
                  datasetDriftShare: 0.3
                  thresholds: {psi: {warn: 0.05, drift: 0.15}, kl: 0.2, chi2: {warn: 0.05, drift: 0.01}}
                  features:
                    amount: {thresholds: {psi: 0.3, ks: {warn: 0.05, drift: 0.2}}}
                """, SchemaFormat.YAML).schema();
        assertEquals(0.3, s.drift().datasetDriftShare());
        assertEquals(Map.of("psi", 0.15, "kl", 0.2, "chi2", 0.01), s.drift().thresholds());
        assertEquals(Map.of("psi", 0.05, "chi2", 0.05), s.drift().warn());
        FeatureDriftSettings amount = s.drift(s.feature("amount").orElseThrow());
        assertEquals(Map.of("psi", 0.3, "kl", 0.2, "chi2", 0.01, "ks", 0.2), amount.thresholds());
        assertEquals(Map.of("psi", 0.05, "chi2", 0.05, "ks", 0.05), amount.warn());
    }

    @Test
    void badLevelsAndSharesAre422WithTheirLines() {
        ProblemException e = fails("""
                name: levels
                features: [{name: a, type: numeric}]
                drift:
                  datasetDriftShare: 1.5
                  thresholds:
                    psi: {warn: 0.3, drift: 0.2}
                    kl: {warn: 0.1}
                    chi2: {warn: 0.001, drift: 0.01}
                    js: {drift: 0.2, alarm: 1}
                """, SchemaFormat.YAML);
        assertEquals(422, e.status());
        Map<String, Integer> lineByField = new HashMap<>();
        e.errors().forEach(err -> lineByField.put(err.field(), err.line()));
        assertEquals(4, lineByField.get("drift.datasetDriftShare"), e.errors().toString());
        assertEquals(6, lineByField.get("drift.thresholds.psi.warn"), e.errors().toString());
        assertEquals(7, lineByField.get("drift.thresholds.kl.drift"), e.errors().toString());
        assertEquals(8, lineByField.get("drift.thresholds.chi2.warn"), e.errors().toString());
        assertEquals(9, lineByField.get("drift.thresholds.js.alarm"), e.errors().toString());
        assertTrue(e.detail().contains("the warn level of psi must come before its drift level (below 0.2)"),
                e.detail());
    }

    @Test
    void emptyOrScalarDocumentsAreRejected() {
        assertEquals(400, fails("", SchemaFormat.YAML).status());
        assertEquals(422, fails("just text", SchemaFormat.YAML).status());
        assertEquals(422, fails("name: x\nfeatures: []\n", SchemaFormat.YAML).status());
    }

    @Test
    void aliasesAndMergeKeysAreResolved() {
        String doc = """
                name: colors
                features:
                  - name: color
                    type: categorical
                    values: &common [red, green, blue]
                  - name: shade
                    type: categorical
                    values: *common
                  - &numeric {name: amount, type: numeric, min: &zero 0}
                  - <<: *numeric
                    name: fee
                    max: 10
                  - {name: tax, type: numeric, min: *zero}
                """;
        FeatureSchema s = SchemaParser.parse(doc, SchemaFormat.YAML).schema();
        assertEquals(List.of("red", "green", "blue"), s.feature("shade").orElseThrow().values());
        assertEquals(s.feature("color").orElseThrow().values(), s.feature("shade").orElseThrow().values());
        Feature fee = s.feature("fee").orElseThrow();
        assertEquals(SchemaFeatureType.NUMERIC, fee.type());
        assertEquals(0.0, fee.min());
        assertEquals(10.0, fee.max());
        assertEquals(0.0, s.feature("tax").orElseThrow().min());
    }

    @Test
    void billionLaughsIsRefusedBeforeItExpands() {
        StringBuilder doc = new StringBuilder("name: lol\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            doc.append("l").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*l" + (i - 1)))).append("]\n");
        }
        doc.append("features: *l9\n");
        long start = System.nanoTime();
        ProblemException e = fails(doc.toString(), SchemaFormat.YAML);
        assertEquals(422, e.status());
        assertTrue(e.getMessage().contains("aliases expand to more than"), e.getMessage());
        // shared, never copied: the whole parse is bounded by the cap, not by 10^9 (a loose bound, not a benchmark)
        assertTrue(System.nanoTime() - start < 30_000_000_000L);
    }

    @Test
    void unknownAndSelfReferencingAliasesAre400() {
        ProblemException unknown = fails("name: x\nfeatures: *nothing\n", SchemaFormat.YAML);
        assertEquals(400, unknown.status());
        assertTrue(unknown.getMessage().contains("*nothing"), unknown.getMessage());
        ProblemException self = fails("name: x\nfeatures: &me [*me]\n", SchemaFormat.YAML);
        assertEquals(400, self.status());
        ProblemException mergeScalar = fails("name: x\nfeatures:\n  - {<<: 3, name: a, type: numeric}\n",
                SchemaFormat.YAML);
        assertEquals(400, mergeScalar.status());
        ProblemException twoDocuments = fails("name: x\nfeatures: [{name: a, type: numeric}]\n---\nname: y\n",
                SchemaFormat.YAML);
        assertEquals(400, twoDocuments.status());
    }

    @Test
    void atMostTenThousandFeatures() {
        String head = "name: wide\nfeatures:\n";
        String ok = head + "  - {name: f0, type: boolean}\n";
        StringBuilder wide = new StringBuilder(head);
        for (int i = 0; i <= io.mlctl.api.common.Limits.FEATURES; i++) {
            wide.append("  - {name: f").append(i).append(", type: boolean}\n");
        }
        assertEquals(1, SchemaParser.parse(ok, SchemaFormat.YAML).schema().features().size());
        ProblemException e = fails(wide.toString(), SchemaFormat.YAML);
        assertEquals(422, e.status());
        assertEquals("features", e.errors().get(0).field());
    }

    @Test
    void jsonWithTrailingContentIs400() {
        String one = "{\"name\": \"x\", \"features\": [{\"name\": \"a\", \"type\": \"numeric\"}]}";
        assertEquals("x", SchemaParser.parse(one, SchemaFormat.JSON).schema().name());
        assertEquals(400, fails(one + " garbage", SchemaFormat.JSON).status());
        assertEquals(400, fails(one + one, SchemaFormat.JSON).status());
    }

    @Test
    void nonFiniteNumbersAre422() {
        for (String bound : List.of("1e400", "-1e400", ".inf", "-.inf", ".nan")) {
            ProblemException e = fails("name: x\nfeatures:\n  - {name: a, type: numeric, min: " + bound + "}\n",
                    SchemaFormat.YAML);
            assertEquals(422, e.status(), bound);
            assertEquals("features.0.min", e.errors().get(0).field(), bound);
        }
        ProblemException json = fails("{\"name\": \"x\", \"features\": [{\"name\": \"a\", \"type\": \"numeric\", "
                + "\"max\": 1e400}]}", SchemaFormat.JSON);
        assertEquals(422, json.status());
        ProblemException threshold = fails("name: x\nfeatures: [{name: a, type: numeric}]\n"
                + "drift: {thresholds: {psi: 1e999}}\n", SchemaFormat.YAML);
        assertEquals(422, threshold.status());
    }

    @Test
    void oversizedDocumentsAre413() {
        String big = "name: x\nfeatures:\n" + "  - {name: f, type: boolean}\n".repeat(40_000);
        assertEquals(413, fails(big, SchemaFormat.YAML).status());
    }

    @Test
    void samplesAreCheckedAgainstTheSchema() {
        FeatureSchema s = SchemaParser.parse(DESIGN_EXAMPLE, SchemaFormat.YAML).schema();
        assertEquals(List.of(), s.check(Map.of("amount", 12.5, "country", "DE", "is_new_customer", false), 0.03));
        assertEquals(List.of(), s.check(Map.of("amount", 1, "country", "JP"), 1.0), "allowOther admits JP");
        Map<String, Object> nan = new HashMap<>();
        nan.put("amount", 3);
        nan.put("is_new_customer", null);
        assertEquals(List.of(), s.check(nan, Double.NaN), "missing optional values are counted, not rejected");
        List<String> bad = s.check(Map.of("amount", -1, "is_new_customer", "yes", "colour", "red"), 1.5);
        assertEquals(4, bad.size(), bad.toString());
        assertTrue(bad.contains("amount = -1.0 is below its minimum 0.0"), bad.toString());
        assertEquals(List.of("amount is required"), s.check(Map.of(), null));
    }

    static final String MAPPED = """
            name: fraud-features
            features:
              - {name: amount, type: numeric, min: 0, required: true}
              - {name: country, type: categorical, values: [US, DE, FR], allowOther: true}
              - {name: is_new_customer, type: boolean}
            prediction: {name: score, type: numeric, min: 0, max: 1}
            inputs:
              - {feature: amount, tensor: INPUT0, index: 0}     # column 0 of tensor INPUT0, shape [batch, k]
              - {feature: country, tensor: country}             # BYTES tensor of shape [batch] or [batch, 1]
              - {feature: is_new_customer, field: is_new}       # kserve-v1 / torchserve: a field of each instance
            output: {tensor: probabilities, index: 1}           # a column of an output tensor (or argmax: true)
            """;

    @Test
    void readsTheDesignMappingExample() {
        FeatureSchema s = SchemaParser.parse(MAPPED, SchemaFormat.YAML).schema();
        assertEquals(List.of(new InputMapping("amount", "INPUT0", 0, null), new InputMapping("country", "country", null, null),
                new InputMapping("is_new_customer", null, null, "is_new")), s.inputs());
        assertEquals(new OutputMapping("probabilities", 1, null, null), s.output());
        assertEquals("is_new", s.input("is_new_customer").orElseThrow().field());
        assertTrue(s.input("nothing").isEmpty());
        FeatureSchema argmax = SchemaParser.parse(MAPPED.replace("{tensor: probabilities, index: 1}",
                "{tensor: probabilities, argmax: true}"), SchemaFormat.YAML).schema();
        assertTrue(argmax.output().argmaxed());
        assertEquals(null, SchemaParser.parse(DESIGN_EXAMPLE, SchemaFormat.YAML).schema().inputs());
    }

    @Test
    void badMappingsAre422WithEveryLineAndField() {
        ProblemException e = fails("""
                name: mapped
                features:
                  - {name: amount, type: numeric}
                  - {name: country, type: categorical, allowOther: true}
                prediction: {name: score, type: numeric}
                inputs:
                  - {feature: ghost, tensor: X}
                  - {feature: amount, tensor: X, field: amount}
                  - {feature: country, tensor: X, index: -1}
                  - {feature: amount, tensor: Y, index: 2}
                  - {feature: country, colour: red}
                  - {feature: score, tensor: S}
                  - {tensor: Z}
                output: {tensor: probabilities, index: 1, argmax: true, shape: 2}
                """, SchemaFormat.YAML);
        assertEquals(422, e.status());
        Map<String, Integer> lineByField = new HashMap<>();
        e.errors().forEach(err -> lineByField.put(err.field(), err.line()));
        assertEquals(7, lineByField.get("inputs.0.feature"), e.errors().toString());
        assertEquals(8, lineByField.get("inputs.1.field"), e.errors().toString());
        assertEquals(9, lineByField.get("inputs.2.index"), e.errors().toString());
        assertEquals(10, lineByField.get("inputs.3.feature"), e.errors().toString());
        assertEquals(11, lineByField.get("inputs.4.colour"), e.errors().toString());
        assertEquals(12, lineByField.get("inputs.5.feature"), e.errors().toString());
        assertEquals(13, lineByField.get("inputs.6"), e.errors().toString());
        assertEquals(14, lineByField.get("output.argmax"), e.errors().toString());
        assertEquals(14, lineByField.get("output.shape"), e.errors().toString());
        assertTrue(e.detail().contains("line 7: input mapping for 'ghost', which is not a feature of this schema"), e.detail());
        assertTrue(e.detail().contains("line 10: feature 'amount' is mapped twice"), e.detail());
        assertTrue(e.detail().contains("line 12: 'score' is the prediction: map it with output, not inputs"), e.detail());
        assertTrue(e.detail().contains("line 11: country: an input mapping needs a tensor, a field or an index"), e.detail());
    }

    @Test
    void outputNeedsAPredictionAndInputsAList() {
        ProblemException e = fails("""
                name: mapped
                features: [{name: amount, type: numeric}]
                inputs: {feature: amount, tensor: X}
                output: {tensor: probabilities}
                """, SchemaFormat.YAML);
        Map<String, Integer> lineByField = new HashMap<>();
        e.errors().forEach(err -> lineByField.put(err.field(), err.line()));
        assertEquals(3, lineByField.get("inputs"), e.errors().toString());
        assertEquals(4, lineByField.get("output"), e.errors().toString());
        assertTrue(e.detail().contains("output maps the prediction, but the schema declares no prediction"), e.detail());
    }
}
