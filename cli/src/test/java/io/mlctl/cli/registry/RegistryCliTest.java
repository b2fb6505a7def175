package io.mlctl.cli.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.CliRun;
import io.mlctl.cli.Mlctl;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.testsupport.ControlPlaneTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry commands as a user runs them, against a real control plane (H2 and PostgreSQL). */
class RegistryCliTest extends ControlPlaneTest {
    static final String SCHEMA = """
            name: %s
            features:
              - {name: amount, type: numeric, min: 0, required: true}
              - {name: country, type: categorical, values: [US, DE, FR], allowOther: true}
            prediction: {name: score, type: numeric, min: 0, max: 1}
            """;

    @TempDir
    Path dir;

    private CliRun mlctl(String token, String... args) {
        int sub = args.length >= 2 && !args[0].equals("resolve") ? 2 : 1;
        return CliRun.of(server.url(), token, sub, args);
    }

    private CliRun admin(String... args) {
        return mlctl(server.adminToken(), args);
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void theIssueExampleWorksVerbatim() throws IOException {
        assertEquals(0, admin("models", "create", "fraud", "--owner", "risk", "--tag", "team=risk").exit());
        // three schema versions, each adding an optional feature, so that fraud-features@3 exists
        String doc = SCHEMA.formatted("fraud-features");
        for (int i = 1; i <= 3; i++) {
            CliRun push = admin("schemas", "push", file("fraud-features.yaml", doc).toString());
            assertEquals(0, push.exit(), push.err());
            assertTrue(push.out().startsWith("fraud-features@" + i), push.out());
            doc = doc.replace("prediction:", "  - {name: extra" + i + ", type: boolean}\nprediction:");
        }
        CliRun reg = admin("versions", "register", "fraud", "--artifact", "s3://m/fraud/7", "--runtime", "triton",
                "--schema", "fraud-features@3");
        assertEquals(0, reg.exit(), reg.err());
        assertTrue(reg.out().contains("fraud-features@3"), reg.out());
        CliRun json = admin("versions", "get", "fraud", "1", "--output", "json");
        assertEquals("s3://m/fraud/7", json.json().path("artifactUri").asText());
    }

    @Test
    void registerAliasResolveAndHistory() throws IOException {
        admin("models", "create", "ranker");
        assertEquals(0, admin("schemas", "push", file("r.yaml", SCHEMA.formatted("ranker-features")).toString()).exit());
        CliRun v1 = admin("versions", "register", "ranker", "--artifact", "s3://m/ranker/1", "--runtime", "vllm",
                "--schema", "ranker-features", "--image", "vllm/vllm-openai:v0.6.3", "--gpu-count", "2",
                "--gpu-product", "NVIDIA-H100", "--metric", "ndcg=0.71", "--run-id", "run-9", "-o", "json");
        assertEquals(0, v1.exit(), v1.err());
        assertEquals("ranker-features@1", v1.json().path("schema").asText());
        assertEquals(2, v1.json().path("serving").path("gpu").path("count").asInt());
        admin("versions", "register", "ranker", "--artifact", "s3://m/ranker/2", "--runtime", "vllm",
                "--parent-version", "1", "--triggered-by", "retrain-12");
        assertEquals(0, admin("alias", "set", "ranker", "production", "1").exit());
        assertEquals(0, admin("alias", "set", "ranker", "production", "2", "--expect", "1").exit());
        CliRun stale = admin("alias", "set", "ranker", "production", "1", "--expect", "1");
        assertEquals(ExitCodes.FAILED, stale.exit());
        assertTrue(stale.err().startsWith("mlctl: HTTP 409: alias 'production' of 'ranker' points at version 2"), stale.err());

        CliRun resolved = admin("resolve", "models:/ranker@production", "-o", "yaml");
        assertEquals(0, resolved.exit(), resolved.err());
        assertTrue(resolved.out().contains("version: 2"), resolved.out());
        assertTrue(resolved.out().contains("triggeredBy: retrain-12"), resolved.out());

        CliRun history = admin("alias", "history", "ranker", "production", "-o", "json");
        assertEquals(2, history.json().path("items").size());
        CliRun table = admin("versions", "list", "ranker");
        assertTrue(table.out().startsWith("VERSION"), table.out());
        assertTrue(table.out().contains("production"), table.out());
        assertEquals(0, admin("alias", "rm", "ranker", "production").exit());
        assertEquals(ExitCodes.NOT_FOUND, admin("alias", "get", "ranker", "production").exit());
        assertEquals(0, admin("versions", "update", "ranker", "1", "--status", "ARCHIVED").exit());
        assertEquals("ARCHIVED", admin("versions", "get", "ranker", "1", "-o", "json").json().path("status").asText());
    }

    @Test
    void schemasShowFeaturesAndCompatibility() throws IOException {
        admin("schemas", "push", file("s1.yaml", SCHEMA.formatted("shop")).toString());
        Path narrowed = file("s2.yaml", SCHEMA.formatted("shop").replace("allowOther: true", "allowOther: false"));
        CliRun refused = admin("schemas", "push", narrowed.toString(), "--require-compatible");
        assertEquals(ExitCodes.FAILED, refused.exit());
        assertTrue(refused.err().contains("incompatible"), refused.err());
        CliRun pushed = admin("schemas", "push", narrowed.toString());
        assertTrue(pushed.out().startsWith("shop@2  INCOMPATIBLE with shop@1"), pushed.out());
        assertTrue(pushed.out().contains("DOMAIN_NARROWED"), pushed.out());
        CliRun get = admin("schemas", "get", "shop@1");
        assertTrue(get.out().contains("amount") && get.out().contains("score (prediction)"), get.out());
        assertEquals(SCHEMA.formatted("shop"), admin("schemas", "get", "shop@1", "--source").out());
        CliRun diff = admin("schemas", "diff", "shop@2", "--against", "1", "-o", "json");
        assertEquals(false, diff.json().path("compatible").asBoolean());
        CliRun bad = admin("schemas", "push", file("bad.yaml", "name: x\nfeatures:\n  - {name: a\n").toString());
        assertEquals(ExitCodes.FAILED, bad.exit());
        assertTrue(bad.err().matches("(?s)mlctl: HTTP 400: malformed YAML at line \\d+.*"), bad.err());
        assertEquals(1, bad.err().trim().lines().count(), "one line: " + bad.err());
        assertEquals(2, admin("schemas", "list", "shop", "-o", "json").json().path("total").asInt());
    }

    @Test
    void schemasShowTheirInputAndOutputMappings() throws IOException {
        String mapped = SCHEMA.formatted("oip") + """
                inputs:
                  - {feature: amount, tensor: INPUT0, index: 0}
                output: {tensor: probabilities, argmax: true}
                """;
        CliRun push = admin("schemas", "push", file("oip.yaml", mapped).toString());
        assertEquals(0, push.exit(), push.err());
        CliRun get = admin("schemas", "get", "oip@1");
        List<String> lines = get.out().lines().toList();
        assertTrue(lines.get(1).contains("MAPPING"), get.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("amount") && l.endsWith("tensor INPUT0, index 0")), get.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("country") && l.endsWith("by name")), get.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("score (prediction)") && l.endsWith("tensor probabilities, argmax")),
                get.out());
        JsonNode json = admin("schemas", "get", "oip@1", "-o", "json").json().path("schema");
        assertEquals("INPUT0", json.path("inputs").path(0).path("tensor").asText());
        assertEquals(0, json.path("inputs").path(0).path("index").asInt());
        assertTrue(json.path("output").path("argmax").asBoolean());
        assertTrue(admin("schemas", "get", "oip@1", "-o", "yaml").out().contains("argmax: true"));
        // without mappings the table has no mapping column
        admin("schemas", "push", file("plain.yaml", SCHEMA.formatted("plain")).toString());
        assertTrue(!admin("schemas", "get", "plain").out().contains("MAPPING"));
        // a changed mapping is a breaking change
        CliRun changed = admin("schemas", "push", file("oip2.yaml", mapped.replace("index: 0", "index: 1")).toString());
        assertTrue(changed.out().startsWith("oip@2  INCOMPATIBLE with oip@1"), changed.out());
        assertTrue(changed.out().contains("MAPPING_CHANGED"), changed.out());
        // a bad mapping is refused with its line and field
        CliRun bad = admin("schemas", "push", file("bad.yaml", mapped.replace("feature: amount", "feature: ghost")).toString());
        assertEquals(ExitCodes.FAILED, bad.exit());
        assertTrue(bad.err().contains("HTTP 422") && bad.err().contains("line 7: input mapping for 'ghost', which is not a "
                + "feature of this schema"), bad.err());
    }

    @Test
    void tokensAndFailuresGiveExitCodesScriptsCanTrust() {
        CliRun created = admin("tokens", "create", "--name", "reader", "--role", "viewer", "-o", "json");
        String viewer = created.json().path("token").asText();
        long id = created.json().path("info").path("id").asLong();
        assertEquals(0, mlctl(viewer, "models", "list").exit());
        CliRun denied = mlctl(viewer, "models", "create", "nope");
        assertEquals(ExitCodes.FAILED, denied.exit());
        assertTrue(denied.err().startsWith("mlctl: HTTP 403: "), denied.err());
        assertTrue(admin("tokens", "list").out().contains("reader"));
        assertEquals(0, admin("tokens", "revoke", String.valueOf(id)).exit());
        CliRun revoked = mlctl(viewer, "models", "list");
        assertEquals(ExitCodes.FAILED, revoked.exit());
        assertTrue(revoked.err().startsWith("mlctl: HTTP 401: "), revoked.err());
        assertEquals(ExitCodes.NOT_FOUND, admin("models", "get", "missing").exit());
        assertEquals(ExitCodes.FAILED, admin("models", "create", "Bad_Name").exit());
        assertEquals(ExitCodes.USAGE, admin("versions", "register", "x", "--runtime", "onnx", "--artifact", "s3://a").exit());
        CommandLine cl = Mlctl.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(ExitCodes.UNREACHABLE, cl.execute("models", "list", "--server=http://127.0.0.1:1", "--token=x"));
    }

    @Test
    void ingestTokensCanBeLimitedToOneModel() {
        CliRun created = admin("tokens", "create", "--name", "kserve", "--role", "ingest", "--model", "fraud");
        assertEquals(0, created.exit(), created.err());
        assertTrue(created.out().contains("(kserve, ingest, model fraud) created"), created.out());
        String secret = created.out().lines().map(String::trim).filter(l -> l.startsWith("mlctl_")).findFirst()
                .orElseThrow();
        CliRun list = admin("tokens", "list");
        assertTrue(list.out().lines().anyMatch(l -> l.contains("kserve") && l.contains("ingest") && l.contains("fraud")),
                list.out());
        // write-only: nothing is readable with it
        CliRun read = mlctl(secret, "models", "list");
        assertEquals(ExitCodes.FAILED, read.exit());
        assertTrue(read.err().startsWith("mlctl: HTTP 403: "), read.err());
        CliRun editorScoped = admin("tokens", "create", "--name", "x", "--role", "editor", "--model", "fraud");
        assertEquals(ExitCodes.FAILED, editorScoped.exit());
        assertTrue(editorScoped.err().contains("only ingest tokens"), editorScoped.err());
    }

    @Test
    void deletingAModelWithAliasesNeedsForce() {
        admin("models", "create", "old");
        admin("versions", "register", "old", "--artifact", "s3://o", "--runtime", "custom");
        admin("alias", "set", "old", "champion", "1");
        CliRun refused = admin("models", "delete", "old");
        assertEquals(ExitCodes.FAILED, refused.exit());
        assertTrue(refused.err().contains("force"), refused.err());
        assertEquals(0, admin("models", "delete", "old", "--force").exit());
        assertEquals(ExitCodes.NOT_FOUND, admin("models", "get", "old").exit());
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : new String[][]{{"models", "create"}, {"models", "list"}, {"models", "get"}, {"models", "delete"},
                {"versions", "register"}, {"versions", "list"}, {"versions", "get"}, {"versions", "update"},
                {"alias", "set"}, {"alias", "get"}, {"alias", "rm"}, {"alias", "history"}, {"schemas", "push"},
                {"schemas", "get"}, {"schemas", "list"}, {"schemas", "diff"}, {"tokens", "create"}, {"tokens", "list"},
                {"tokens", "revoke"}, {"resolve"}}) {
            List<String> args = new ArrayList<>(List.of(cmd));
            args.add("--help");
            CommandLine cl = Mlctl.commandLine();
            StringWriter out = new StringWriter();
            cl.setOut(new PrintWriter(out, true));
            assertEquals(0, cl.execute(args.toArray(String[]::new)), String.join(" ", cmd));
            assertTrue(out.toString().contains("--output") && out.toString().contains("--server"), out.toString());
        }
    }
}
