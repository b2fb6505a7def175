package io.mlctl.cli.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.api.drift.DriftResult;
import io.mlctl.cli.CliRun;
import io.mlctl.cli.support.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mlctl drift compare} end to end, as a user runs it: files in, JSON/table out, exit codes. */
class CompareCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static CliRun run(Object... args) {
        return CliRun.run(Stream.of(args).map(String::valueOf).toArray(String[]::new));
    }

    /** One feature's row of a {@code drift compare -o json} answer. */
    static JsonNode feature(CliRun run, String name) {
        for (JsonNode f : run.json().get("features")) {
            if (f.get("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no feature " + name + " in " + run.out());
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    static Stream<Path> fixtures() throws IOException {
        Path root = Path.of(System.getProperty("mlctl.fixtures")).resolve("drift");
        return Files.list(root).filter(d -> Files.exists(d.resolve("expected.json"))).sorted();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void jsonOutputMatchesScipyOnEveryFixture(Path fixture) throws IOException {
        JsonNode expected = JSON.readTree(fixture.resolve("expected.json").toFile());
        CliRun r = run("drift", "compare", fixture.resolve("reference.csv"), fixture.resolve("current.csv"), "-o", "json");
        assertEquals(0, r.exit(), r.err());
        JsonNode x = feature(r, "x");
        assertClose(expected.get("psi"), x.get("psi"));
        assertClose(expected.get("kl"), x.get("kl"));
        assertClose(expected.get("js_distance"), x.get("js_distance"));
        if (expected.get("kind").asText().equals("numeric")) {
            assertEquals("numeric", x.get("type").asText());
            assertClose(expected.get("ks_statistic"), x.get("ks_statistic"));
            JsonNode p = expected.has("ks_pvalue_exact") ? expected.get("ks_pvalue_exact")
                    : expected.get("ks_pvalue_asymptotic");
            assertClose(p, x.get("ks_pvalue"));
            assertFalse(x.has("chi2_pvalue"));
        } else {
            assertEquals("categorical", x.get("type").asText());
            assertClose(expected.get("chi2_pvalue"), x.get("chi2_pvalue"));
            assertFalse(x.has("ks_statistic"));
        }
        assertEquals(0.0, x.get("null_rate_reference").asDouble());
        // effect sizes (effect.json: scipy.stats.wasserstein_distance, np.std, Hellinger, Cramér's V) in the JSON
        JsonNode effect = JSON.readTree(fixture.resolve("effect.json").toFile());
        assertClose(effect.get("hellinger"), x.get("hellinger"));
        if (expected.get("kind").asText().equals("numeric")) {
            assertClose(effect.get("wasserstein"), x.get("wasserstein"));
            if (effect.get("wasserstein_normed").isNull()) {
                assertFalse(x.has("wasserstein_normed"), "absent for a constant reference");
            } else {
                assertClose(effect.get("wasserstein_normed"), x.get("wasserstein_normed"));
            }
            assertFalse(x.has("cramers_v"));
        } else {
            assertClose(effect.get("cramers_v"), x.get("cramers_v"));
            assertFalse(x.has("wasserstein"));
        }
        // the shared API record reads it back
        DriftResult result = JSON.readValue(r.out(), DriftResult.class);
        assertEquals(1, result.features().size());
        assertEquals(result.features().get(0).verdict().equals("drift") ? 1.0 : 0.0, result.driftShare());

        CliRun streaming = run("drift", "compare", fixture.resolve("reference.csv"), fixture.resolve("current.csv"),
                "--mode", "streaming", "-o", "json");
        assertEquals(0, streaming.exit(), streaming.err());
        double psi = expected.get("psi").asDouble();
        assertEquals(psi, feature(streaming, "x").get("psi").asDouble(), 0.05 * psi);
        if (expected.has("ks_statistic")) {
            assertEquals(expected.get("ks_statistic").asDouble(), feature(streaming, "x").get("ks_statistic").asDouble(),
                    0.01);
        }
    }

    private static void assertClose(JsonNode expected, JsonNode actual) {
        double e = expected.asDouble();
        double a = actual.asDouble();
        if (Math.abs(e) < 1e-300 && Math.abs(a) < 1e-300) {
            return;
        }
        assertTrue(Math.abs(a - e) <= 1e-9 * Math.abs(e), "expected " + e + " but was " + a);
    }

    private static String rows(int n, java.util.function.IntFunction<String> row) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(row.apply(i)).append('\n');
        }
        return b.toString();
    }

    @Test
    void mixedColumnsNullsAndInferredTypes() throws IOException {
        Path ref = write("ref.csv", "amount,country,flag,late\n" + rows(1000, i ->
                (i % 100) + "," + (i % 2 == 0 ? "US" : "DE") + "," + (i % 3 == 0) + "," + i));
        // current: amount shifted with missing and odd values, a new country, 'late' turns text at the end
        Path cur = write("cur.csv", "amount,country,flag,late\n" + rows(1000, i ->
                (i % 10 == 0 ? "" : i % 10 == 1 ? "NA" : i % 10 == 2 ? "nan" : i % 10 == 3 ? "inf"
                        : String.valueOf(i % 100 + 30)) + "," + (i % 3 == 0 ? "FR" : "US") + "," + (i % 3 == 0) + ","
                        + (i == 999 ? "oops" : String.valueOf(i))));
        CliRun r = run("drift", "compare", ref, cur, "--output", "json");
        assertEquals(0, r.exit(), r.err());
        JsonNode amount = feature(r, "amount");
        assertEquals("numeric", amount.get("type").asText());
        assertEquals(0.4, amount.get("null_rate_current").asDouble(), 1e-12);
        assertEquals("drift", amount.get("verdict").asText());
        JsonNode country = feature(r, "country");
        assertEquals("categorical", country.get("type").asText());
        assertEquals("drift", country.get("verdict").asText());
        assertTrue(country.get("chi2_pvalue").asDouble() < 1e-10);
        assertEquals("categorical", feature(r, "flag").get("type").asText());
        assertEquals("ok", feature(r, "flag").get("verdict").asText());
        // numeric in the reference, text once in the current: categorical on both sides, every value counted
        JsonNode late = feature(r, "late");
        assertEquals("categorical", late.get("type").asText());
        assertEquals(0.0, late.get("null_rate_current").asDouble());
        assertTrue(r.json().get("dataset_drift").asBoolean());
        assertEquals(0.5, r.json().get("drift_share").asDouble());
    }

    @Test
    void ndjsonFlatAndSampleFormatsGiveTheSameResultAsCsv() throws IOException {
        Path refCsv = write("ref.csv", "amount,country\n" + rows(500, i -> (i * 7 % 101) + "," + (i % 4 == 0 ? "DE" : "US")));
        Path curCsv = write("cur.csv", "amount,country\n" + rows(400, i -> (i * 3 % 97 + 5) + "," + (i % 3 == 0 ? "DE" : "US")));
        Path refFlat = write("ref.ndjson", rows(500, i -> "{\"amount\":" + (i * 7 % 101) + ",\"country\":\""
                + (i % 4 == 0 ? "DE" : "US") + "\"}"));
        Path curSamples = write("cur.jsonl", rows(400, i -> "{\"ts\":\"2026-11-22T10:00:00Z\",\"features\":{\"amount\":"
                + (i * 3 % 97 + 5) + ",\"country\":\"" + (i % 3 == 0 ? "DE" : "US") + "\"},\"prediction\":0.5}"));
        CliRun csv = run("drift", "compare", refCsv, curCsv, "-o", "json");
        CliRun ndjson = run("drift", "compare", refFlat, curSamples, "-o", "json");
        assertEquals(0, ndjson.exit(), ndjson.err());
        for (String f : List.of("amount", "country")) {
            assertEquals(feature(csv, f).toString(), feature(ndjson, f).toString());
        }
        // the sample format's prediction is __prediction__; the flat reference has none
        JsonNode prediction = feature(ndjson, "__prediction__");
        assertEquals("no_data", prediction.get("verdict").asText());
        assertTrue(ndjson.err().contains("__prediction__"), ndjson.err());
    }

    @Test
    void schemaSetsTypesThresholdsAndThePrediction() throws IOException {
        Path ref = write("ref.csv", "amount,zip,score,extra\n" + rows(2000, i -> (i % 50) + "," + (10000 + i % 5)
                + "," + (i % 100) / 100.0 + ",x"));
        Path cur = write("cur.csv", "amount,zip,score,extra\n" + rows(2000, i -> (i % 50 + 10) + "," + (10000 + i % 5)
                + "," + (i % 100) / 100.0 + ",y"));
        Path schema = write("schema.yaml", """
                name: test-features
                features:
                  - {name: amount, type: numeric, required: true}
                  - {name: zip, type: categorical, allowOther: true}
                prediction: {name: score, type: numeric}
                drift:
                  thresholds: {psi: {warn: 4, drift: 5}, kl: 5}
                  features:
                    amount: {statistics: [psi, kl]}
                """);
        CliRun r = run("drift", "compare", ref, cur, "--schema", schema, "-o", "json");
        assertEquals(0, r.exit(), r.err());
        JsonNode features = r.json().get("features");
        assertEquals(3, features.size());
        assertEquals("categorical", feature(r, "zip").get("type").asText());
        assertTrue(feature(r, "zip").has("chi2_pvalue"));
        assertEquals("ok", feature(r, "__prediction__").get("verdict").asText());
        // amount shifted: KS D would say drift, but the schema only lets PSI and KL vote, with high thresholds
        assertTrue(feature(r, "amount").get("ks_statistic").asDouble() > 0.1);
        assertEquals("ok", feature(r, "amount").get("verdict").asText());
        assertFalse(r.out().contains("extra"));

        // the same without the schema: amount drifts on KS, zip is numeric
        CliRun plain = run("drift", "compare", ref, cur, "-o", "json");
        assertEquals("drift", feature(plain, "amount").get("verdict").asText());
        assertEquals("numeric", feature(plain, "zip").get("type").asText());

        Path missingRequired = write("cur2.csv", "zip,score\n1,0.5\n");
        CliRun bad = run("drift", "compare", ref, missingRequired, "--schema", schema);
        assertEquals(ExitCodes.FAILED, bad.exit());
        assertTrue(bad.err().contains("column 'amount' is required by the schema but missing"), bad.err());

        Path textInNumeric = write("cur3.csv", "amount,zip,score\n1,1,0.5\nabc,1,0.5\n");
        bad = run("drift", "compare", ref, textInNumeric, "--schema", schema);
        assertEquals(ExitCodes.FAILED, bad.exit());
        assertTrue(bad.err().contains("cur3.csv:3: column 'amount': 'abc' is not a number (the schema says numeric)"),
                bad.err());
    }

    @Test
    void failOnDriftExitsWithTwoOnlyWhenTheDatasetDrifts() throws IOException {
        Path ref = write("ref.csv", "a\n" + rows(1000, i -> String.valueOf(i % 100)));
        Path same = write("same.csv", "a\n" + rows(1000, i -> String.valueOf((i * 7) % 100)));
        Path shifted = write("shifted.csv", "a\n" + rows(1000, i -> String.valueOf(i % 100 + 50)));
        assertEquals(0, run("drift", "compare", ref, same, "--fail-on-drift").exit());
        assertEquals(0, run("drift", "compare", ref, shifted).exit());
        CliRun r = run("drift", "compare", ref, shifted, "--fail-on-drift", "-o", "json");
        assertEquals(ExitCodes.CHECK_FAILED, r.exit());
        assertTrue(r.json().get("dataset_drift").asBoolean(), "the result is printed before exiting");
    }

    @Test
    void tableOutputHasOneRowPerFeatureAndASummary() throws IOException {
        Path ref = write("ref.csv", "a,b\n" + rows(300, i -> i % 10 + ",x" + i % 3));
        Path cur = write("cur.csv", "a,b\n" + rows(300, i -> i % 10 + ",x" + i % 3));
        CliRun r = run("drift", "compare", ref, cur);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("(?s)FEATURE\\s+TYPE\\s+PSI\\s+KL\\s+JS\\s+KS_D\\s+P_VALUE\\s+W1\\s+W1/SD\\s+HELLINGER\\s+"
                + "CRAMERS_V\\s+NULL_REF\\s+NULL_CUR\\s+VERDICT.*"),
                r.out());
        assertTrue(r.out().contains("a        numeric"), r.out());
        assertTrue(r.out().contains("0 of 2 features drifted (drift share 0.00 < 0.50): no dataset drift"), r.out());
        CliRun yaml = run("drift", "compare", ref, cur, "-o", "yaml");
        assertTrue(yaml.out().contains("dataset_drift: false"), yaml.out());
    }

    @Test
    void badInputGetsOneClearLine() throws IOException {
        Path good = write("good.csv", "a\n1\n2\n");
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[]{dir.resolve("nope.csv"), "nope.csv: no such file"});
        cases.add(new Object[]{write("ragged.csv", "a,b\n1,2\n3\n"), "ragged.csv:3: 1 fields, but the header has 2"});
        cases.add(new Object[]{write("empty.csv", ""), "empty.csv: empty file: a CSV needs a header row"});
        cases.add(new Object[]{write("dup.csv", "a,a\n1,2\n"), "dup.csv:1: column 'a' appears twice in the header row"});
        cases.add(new Object[]{write("bad.ndjson", "{\"a\":1}\n{\"a\":\n"), "bad.ndjson:"});
        cases.add(new Object[]{write("array.ndjson", "[1,2]\n"), "array.ndjson:1: expected a JSON object per line, found an array"});
        cases.add(new Object[]{write("nested.ndjson", "{\"a\":{\"b\":1}}\n"), "nested.ndjson:1: 'a' is an object"});
        cases.add(new Object[]{write("quote.csv", "a\n\"unclosed\n"), "quote.csv: not valid CSV"});
        for (Object[] c : cases) {
            CliRun r = run("drift", "compare", good, c[0]);
            assertEquals(ExitCodes.FAILED, r.exit(), r.err());
            assertTrue(r.err().startsWith("mlctl: "), r.err());
            assertTrue(r.err().contains((String) c[1]), "expected '" + c[1] + "' in: " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertEquals("", r.out());
        }
        // the registry's parser: every error with its line, on one line
        CliRun badSchema = run("drift", "compare", good, good, "--schema", write("s.yaml", "features: [{name: a, type: date}]"));
        assertEquals(ExitCodes.FAILED, badSchema.exit());
        assertTrue(badSchema.err().contains("s.yaml: the schema document is invalid: line 1: the schema needs a name; "
                + "line 1: a: unknown feature type 'date'"), badSchema.err());
        assertEquals(1, badSchema.err().strip().lines().count(), badSchema.err());
        CliRun badStat = run("drift", "compare", good, good, "--schema",
                write("s2.yaml", "name: s2\nfeatures: [{name: a, type: numeric}]\ndrift: {thresholds: {energy: 1}}"));
        assertTrue(badStat.err().contains("s2.yaml: the schema document is invalid: line 3: unknown statistic "
                + "'energy'"), badStat.err());
        CliRun badYaml = run("drift", "compare", good, good, "--schema", write("s3.yaml", "name: x\nfeatures: [\n"));
        assertTrue(badYaml.err().contains("s3.yaml: malformed YAML at line"), badYaml.err());

        CliRun usage = run("drift", "compare", good, good, "--bins", "0");
        assertEquals(ExitCodes.USAGE, usage.exit());
        assertTrue(usage.err().contains("--bins must be between 1 and 10000"), usage.err());
        assertEquals(ExitCodes.USAGE, run("drift", "compare", good, good, "--mode", "fuzzy").exit());
        assertEquals(ExitCodes.USAGE, run("drift", "compare", good).exit());
    }

    @Test
    void binsOptionChangesTheEdges() throws IOException {
        Path ref = write("ref.csv", "a\n" + rows(1000, i -> String.valueOf(i)));
        Path cur = write("cur.csv", "a\n" + rows(1000, i -> String.valueOf(i * 1.1)));
        double psi10 = feature(run("drift", "compare", ref, cur, "-o", "json"), "a").get("psi").asDouble();
        double psi4 = feature(run("drift", "compare", ref, cur, "--bins", "4", "-o", "json"), "a").get("psi").asDouble();
        assertTrue(psi10 != psi4, psi10 + " vs " + psi4);
    }

    @Test
    void helpDescribesTheCommand() {
        CliRun r = run("drift", "compare", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("--fail-on-drift") && r.out().contains("--schema") && r.out().contains("Exit codes"),
                r.out());
    }
}
