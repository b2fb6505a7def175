package io.mlctl.controlplane.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.testsupport.ControlPlaneTest;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.ModelRegistry.RegisteredModel;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.ModelVersionsPage;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MLflow-compatible registry driven by MLflow's own Java client ({@code org.mlflow:mlflow-client}), as a training
 * pipeline would: its typed calls parse our answers into MLflow's protobuf classes, {@code sendPost/sendPatch/sendGet}
 * cover the rest, and errors arrive as the client surfaces them. mlctl's own API must see the same registry.
 */
class MlflowClientTest extends ControlPlaneTest {

    private MlflowClient client(String token) {
        return new MlflowClient(new BasicMlflowHostCreds(server.url().toString(), token));
    }

    private MlflowClient client() {
        return client(server.adminToken());
    }

    private String token(String role) {
        return http.post("/api/v1/tokens", Map.of("name", role + "-" + System.nanoTime(), "role", role))
                .assertStatus(201).json().path("token").asText();
    }

    /** A model name unique to the test and database, since the server is shared by a class's tests. */
    private String name(String base) {
        return base + "-" + kind.name().toLowerCase(Locale.ROOT) + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    }

    private static JsonNode json(String body) {
        try {
            return TestHttp.JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static String body(Object value) {
        try {
            return TestHttp.JSON.writeValueAsString(value);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String query(Map<String, String> params) {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The MLflow client has no DELETE; MLflow's Python client sends DELETE with a JSON body, and so does this. */
    private TestHttp.Response delete(String token, String path, Object body) {
        return server.http(token).send("DELETE", "/api/2.0/mlflow/" + path, "application/json", body(body));
    }

    private static MlflowHttpException fails(Runnable call) {
        return assertThrows(MlflowHttpException.class, call::run);
    }

    /** Status and MLflow error code of a failed client call; the body is MLflow's {@code {error_code, message}}. */
    private static JsonNode error(MlflowHttpException e, int status, String code) {
        assertEquals(status, e.getStatusCode(), e.getBodyMessage());
        JsonNode body = json(e.getBodyMessage());
        assertEquals(code, body.path("error_code").asText(), e.getBodyMessage());
        assertFalse(body.path("message").asText().isBlank());
        assertFalse(e.getBodyMessage().contains("at io.mlctl"), "stack trace leaked: " + e.getBodyMessage());
        return body;
    }

    private long auditTotal() {
        return http.get("/api/v1/audit?size=1").assertStatus(200).json().path("total").asLong();
    }

    @Test
    void aPipelineRegistersTwoVersionsSetsAnAliasAndReadsThemBackTyped() {
        MlflowClient mlflow = client();
        String model = name("fraud");
        JsonNode created = json(mlflow.sendPost("registered-models/create", body(Map.of("name", model,
                "description", "card fraud scorer", "tags", List.of(Map.of("key", "team", "value", "risk"))))));
        assertEquals(model, created.path("registered_model").path("name").asText());
        assertTrue(created.path("registered_model").path("creation_timestamp").isIntegralNumber());

        JsonNode v1 = json(mlflow.sendPost("model-versions/create", body(Map.of("name", model,
                "source", "s3://models/fraud/run-1/model", "run_id", "run-1", "description", "first",
                "run_link", "https://mlflow.example/#/experiments/1/runs/run-1",
                "tags", List.of(Map.of("key", "framework", "value", "xgboost"))))));
        assertEquals("1", v1.path("model_version").path("version").asText());
        assertEquals("READY", v1.path("model_version").path("status").asText());
        JsonNode v2 = json(mlflow.sendPost("model-versions/create", body(Map.of("name", model,
                "source", "s3://models/fraud/run-2/model", "run_id", "run-2"))));
        assertEquals("2", v2.path("model_version").path("version").asText());
        assertEquals("{}", mlflow.sendPost("registered-models/alias",
                body(Map.of("name", model, "alias", "production", "version", "1"))).trim());

        RegisteredModel rm = mlflow.getRegisteredModel(model);
        assertEquals(model, rm.getName());
        assertEquals("card fraud scorer", rm.getDescription());
        assertEquals("team", rm.getTags(0).getKey());
        assertEquals("risk", rm.getTags(0).getValue());
        assertEquals(1, rm.getAliasesCount());
        assertEquals("production", rm.getAliases(0).getAlias());
        assertEquals("1", rm.getAliases(0).getVersion());
        assertEquals(1, rm.getLatestVersionsCount());
        assertEquals("2", rm.getLatestVersions(0).getVersion());
        assertTrue(rm.getCreationTimestamp() > 1_700_000_000_000L && rm.getLastUpdatedTimestamp() >= rm.getCreationTimestamp());

        ModelVersion mv = mlflow.getModelVersion(model, "1");
        assertEquals(model, mv.getName());
        assertEquals("s3://models/fraud/run-1/model", mv.getSource());
        assertEquals("run-1", mv.getRunId());
        assertEquals("https://mlflow.example/#/experiments/1/runs/run-1", mv.getRunLink());
        assertEquals("first", mv.getDescription());
        assertEquals("None", mv.getCurrentStage());
        assertEquals(org.mlflow.api.proto.ModelRegistry.ModelVersionStatus.READY, mv.getStatus());
        assertEquals(List.of("production"), mv.getAliasesList());
        assertEquals("framework", mv.getTags(0).getKey());
        assertTrue(mv.getCreationTimestamp() > 1_700_000_000_000L);
        assertFalse(mv.getUserId().isBlank());

        List<ModelVersion> latest = mlflow.getLatestVersions(model);
        assertEquals(List.of("2"), latest.stream().map(ModelVersion::getVersion).toList());
        assertEquals("None", latest.get(0).getCurrentStage());
        assertTrue(mlflow.getLatestVersions(model, List.of("Production")).isEmpty());

        ModelVersionsPage byName = mlflow.searchModelVersions("name='" + model + "'");
        assertEquals(List.of("2", "1"), byName.getItems().stream().map(ModelVersion::getVersion).toList());
        ModelVersionsPage byRun = mlflow.searchModelVersions("run_id='run-2' AND name = '" + model + "'");
        assertEquals(1, byRun.getItems().size());
        assertEquals("2", byRun.getItems().get(0).getVersion());
        ModelVersionsPage paged = mlflow.searchModelVersions("name='" + model + "'", 1, List.of("version_number ASC"));
        assertEquals("1", paged.getItems().get(0).getVersion());
        assertTrue(paged.hasNextPage());
        assertEquals("2", paged.getNextPage().getItems().iterator().next().getVersion());

        assertEquals("s3://models/fraud/run-2/model", mlflow.getModelVersionDownloadUri(model, "2"));

        // the alias resolves as models:/name@alias does for mlflow.pyfunc.load_model
        JsonNode byAlias = json(mlflow.sendGet("registered-models/alias?" + query(Map.of("name", model, "alias", "production"))));
        assertEquals("1", byAlias.path("model_version").path("version").asText());
        // promotion: the alias moves to version 2
        mlflow.sendPost("registered-models/alias", body(Map.of("name", model, "alias", "production", "version", "2")));
        assertEquals(List.of("production"), mlflow.getModelVersion(model, "2").getAliasesList());

        // mlctl's own view of the same registry: versions with lineage, alias and its history, audit entries
        JsonNode m = http.get("/api/v1/models/" + model).assertStatus(200).json();
        assertEquals(2, m.path("aliases").path("production").asInt());
        assertEquals(2, m.path("latestVersion").asInt());
        JsonNode versions = http.get("/api/v1/models/" + model + "/versions").assertStatus(200).json();
        assertEquals(2, versions.path("total").asInt());
        JsonNode first = http.get("/api/v1/models/" + model + "/versions/1").assertStatus(200).json();
        assertEquals("run-1", first.path("lineage").path("runId").asText());
        assertEquals("https://mlflow.example/#/experiments/1/runs/run-1", first.path("lineage").path("runLink").asText());
        assertEquals("s3://models/fraud/run-1/model", first.path("artifactUri").asText());
        assertEquals("custom", first.path("runtime").asText());
        assertEquals("xgboost", first.path("tags").path("framework").asText());
        JsonNode history = http.get("/api/v1/models/" + model + "/aliases/production/history").assertStatus(200).json();
        List<Integer> moves = new ArrayList<>();
        history.path("items").forEach(h -> moves.add(h.path("toVersion").asInt()));
        assertEquals(List.of(1, 2), moves);
        JsonNode audit = http.get("/api/v1/audit?size=100&target=" + URLEncoder.encode("models/" + model, StandardCharsets.UTF_8))
                .assertStatus(200).json();
        List<String> actions = new ArrayList<>();
        audit.path("items").forEach(a -> actions.add(a.path("action").asText()));
        assertTrue(actions.contains("model.create"), actions.toString());
        JsonNode aliasAudit = http.get("/api/v1/audit?size=100&action=alias.set").assertStatus(200).json();
        long forModel = 0;
        for (JsonNode a : aliasAudit.path("items")) {
            if (a.path("target").asText().equals("models/" + model + "/aliases/production")) {
                forModel++;
            }
        }
        assertEquals(2, forModel);
    }

    @Test
    void searchRenameTagsUpdateAliasesAndDeletesThroughTheRawCalls() {
        MlflowClient mlflow = client();
        String prefix = name("churn");
        for (String suffix : List.of("a", "b", "c")) {
            mlflow.sendPost("registered-models/create", body(Map.of("name", prefix + "-" + suffix)));
        }
        mlflow.sendPost("registered-models/create", body(Map.of("name", name("other"))));

        // search with LIKE, order and page tokens, as MlflowClient.search_registered_models pages through
        Function<String, JsonNode> search = q -> json(mlflow.sendGet("registered-models/search?" + q));
        JsonNode page1 = search.apply(query(Map.of("filter", "name LIKE '" + prefix + "-%'", "max_results", "2",
                "order_by", "name DESC")));
        assertEquals(List.of(prefix + "-c", prefix + "-b"), names(page1.path("registered_models")));
        String token = page1.path("next_page_token").asText();
        assertFalse(token.isEmpty());
        JsonNode page2 = search.apply(query(Map.of("filter", "name LIKE '" + prefix + "-%'", "max_results", "2",
                "order_by", "name DESC", "page_token", token)));
        assertEquals(List.of(prefix + "-a"), names(page2.path("registered_models")));
        assertTrue(page2.path("next_page_token").isMissingNode(), page2.toString());
        assertEquals(List.of(prefix + "-b"), names(search.apply(query(Map.of("filter", "name = '" + prefix + "-b'")))
                .path("registered_models")));
        assertEquals(3, search.apply(query(Map.of("filter", "name ILIKE '" + prefix.toUpperCase(Locale.ROOT) + "%'")))
                .path("registered_models").size());

        // rename, update, tags
        String renamed = prefix + "-renamed";
        JsonNode r = json(mlflow.sendPost("registered-models/rename", body(Map.of("name", prefix + "-a", "new_name", renamed))));
        assertEquals(renamed, r.path("registered_model").path("name").asText());
        http.get("/api/v1/models/" + prefix + "-a").assertProblem(404);
        JsonNode updated = json(mlflow.sendPatch("registered-models/update", body(Map.of("name", renamed, "description", "renamed one"))));
        assertEquals("renamed one", updated.path("registered_model").path("description").asText());
        mlflow.sendPost("registered-models/set-tag", body(Map.of("name", renamed, "key", "stage-owner", "value", "ml-platform")));
        mlflow.sendPost("registered-models/set-tag", body(Map.of("name", renamed, "key", "team", "value", "growth")));
        assertEquals(2, mlflow.getRegisteredModel(renamed).getTagsCount());
        delete(server.adminToken(), "registered-models/delete-tag", Map.of("name", renamed, "key", "team")).assertStatus(200);
        RegisteredModel afterTags = mlflow.getRegisteredModel(renamed);
        assertEquals(1, afterTags.getTagsCount());
        assertEquals("stage-owner", afterTags.getTags(0).getKey());

        // version tags, version update, alias delete
        mlflow.sendPost("model-versions/create", body(Map.of("name", renamed, "source", "gs://b/churn/1")));
        mlflow.sendPost("model-versions/create", body(Map.of("name", renamed, "source", "gs://b/churn/2",
                "tags", List.of(Map.of("key", "mlctl.runtime", "value", "triton")))));
        assertEquals("triton", http.get("/api/v1/models/" + renamed + "/versions/2").assertStatus(200).json()
                .path("runtime").asText());
        mlflow.sendPost("model-versions/set-tag", body(Map.of("name", renamed, "version", "1", "key", "validated", "value", "yes")));
        assertEquals("validated", mlflow.getModelVersion(renamed, "1").getTags(0).getKey());
        delete(server.adminToken(), "model-versions/delete-tag", Map.of("name", renamed, "version", "1", "key", "validated"))
                .assertStatus(200);
        assertEquals(0, mlflow.getModelVersion(renamed, "1").getTagsCount());
        JsonNode vu = json(mlflow.sendPatch("model-versions/update", body(Map.of("name", renamed, "version", "1", "description", "baseline"))));
        assertEquals("baseline", vu.path("model_version").path("description").asText());
        mlflow.sendPost("registered-models/alias", body(Map.of("name", renamed, "alias", "champion", "version", "1")));
        delete(server.adminToken(), "registered-models/alias", Map.of("name", renamed, "alias", "champion")).assertStatus(200);
        assertEquals(0, mlflow.getRegisteredModel(renamed).getAliasesCount());
        error(fails(() -> mlflow.sendGet("registered-models/alias?" + query(Map.of("name", renamed, "alias", "champion")))),
                404, "RESOURCE_DOES_NOT_EXIST");

        // deleting a version: its number is never reused; deleting the model takes an admin token
        delete(server.adminToken(), "model-versions/delete", Map.of("name", renamed, "version", "2")).assertStatus(200);
        error(fails(() -> mlflow.getModelVersion(renamed, "2")), 404, "RESOURCE_DOES_NOT_EXIST");
        JsonNode v3 = json(mlflow.sendPost("model-versions/create", body(Map.of("name", renamed, "source", "gs://b/churn/3"))));
        assertEquals("3", v3.path("model_version").path("version").asText());
        String editor = token("editor");
        TestHttp.Response denied = delete(editor, "registered-models/delete", Map.of("name", renamed));
        assertEquals(403, denied.status());
        assertEquals("PERMISSION_DENIED", denied.json().path("error_code").asText());
        delete(server.adminToken(), "registered-models/delete", Map.of("name", renamed)).assertStatus(200);
        error(fails(() -> mlflow.getRegisteredModel(renamed)), 404, "RESOURCE_DOES_NOT_EXIST");

        // the same API under /ajax-api (MLflow's web UI)
        TestHttp.Response ajax = http.get("/ajax-api/2.0/mlflow/registered-models/get?name=" + prefix + "-b");
        ajax.assertStatus(200);
        assertEquals(prefix + "-b", ajax.json().path("registered_model").path("name").asText());
    }

    @Test
    void errorsArriveInMlflowsShapeAndChangeNothing() {
        MlflowClient mlflow = client();
        String model = name("errs");
        mlflow.sendPost("registered-models/create", body(Map.of("name", model)));
        long audit = auditTotal();

        error(fails(() -> mlflow.getRegisteredModel(name("missing"))), 404, "RESOURCE_DOES_NOT_EXIST");
        error(fails(() -> mlflow.getModelVersion(model, "7")), 404, "RESOURCE_DOES_NOT_EXIST");
        error(fails(() -> mlflow.sendPost("registered-models/create", body(Map.of("name", model)))),
                400, "RESOURCE_ALREADY_EXISTS");
        JsonNode badName = error(fails(() -> mlflow.sendPost("registered-models/create",
                body(Map.of("name", "Fraud Model")))), 400, "INVALID_PARAMETER_VALUE");
        assertTrue(badName.path("message").asText().contains("lowercase DNS labels"), badName.toString());
        error(fails(() -> mlflow.sendPost("model-versions/create", body(Map.of("name", model)))),
                400, "INVALID_PARAMETER_VALUE");
        error(fails(() -> mlflow.sendPost("model-versions/create", body(Map.of("name", name("nomodel"), "source", "s3://x")))),
                404, "RESOURCE_DOES_NOT_EXIST");
        error(fails(() -> mlflow.sendPost("registered-models/alias", body(Map.of("name", model, "alias", "Prod", "version", "1")))),
                400, "INVALID_PARAMETER_VALUE");
        error(fails(() -> mlflow.sendPost("registered-models/alias", body(Map.of("name", model, "alias", "prod", "version", "3")))),
                404, "RESOURCE_DOES_NOT_EXIST");
        error(fails(() -> mlflow.getModelVersion(model, "one")), 400, "INVALID_PARAMETER_VALUE");
        error(fails(() -> mlflow.searchModelVersions("name = '" + model + "' OR run_id = 'x'")), 400, "INVALID_PARAMETER_VALUE");
        error(fails(() -> mlflow.searchModelVersions("stage = 'Production'")), 400, "INVALID_PARAMETER_VALUE");
        error(fails(() -> mlflow.sendGet("registered-models/search?page_token=not-a-token")), 400, "INVALID_PARAMETER_VALUE");
        error(fails(() -> mlflow.sendGet("registered-models/search?max_results=5000")), 400, "INVALID_PARAMETER_VALUE");
        error(fails(() -> mlflow.sendPost("registered-models/create", "{not json")), 400, "INVALID_PARAMETER_VALUE");
        JsonNode stage = error(fails(() -> mlflow.sendPost("model-versions/transition-stage", body(Map.of("name", model,
                "version", "1", "stage", "Production", "archive_existing_versions", false)))), 400, "INVALID_PARAMETER_VALUE");
        assertTrue(stage.path("message").asText().contains("alias"), stage.toString());
        error(fails(() -> mlflow.sendGet("experiments/get?experiment_id=0")), 404, "ENDPOINT_NOT_FOUND");
        assertEquals(audit, auditTotal(), "a rejected request wrote something");

        // an alias still pointing at a version protects it and its model, as in mlctl
        mlflow.sendPost("model-versions/create", body(Map.of("name", model, "source", "s3://x/1")));
        mlflow.sendPost("registered-models/alias", body(Map.of("name", model, "alias", "production", "version", "1")));
        audit = auditTotal();
        assertEquals(409, delete(server.adminToken(), "model-versions/delete", Map.of("name", model, "version", "1")).status());
        TestHttp.Response held = delete(server.adminToken(), "registered-models/delete", Map.of("name", model));
        assertEquals(409, held.status());
        assertEquals("RESOURCE_CONFLICT", held.json().path("error_code").asText());
        assertEquals(audit, auditTotal());
        assertEquals(1, mlflow.getModelVersion(model, "1").getAliasesCount());
    }

    @Test
    void tokensAsMlflowSendsThem() {
        String model = name("auth");
        client().sendPost("registered-models/create", body(Map.of("name", model)));

        // no token, a wrong token: UNAUTHENTICATED 401
        error(fails(() -> new MlflowClient(new BasicMlflowHostCreds(server.url().toString())).getRegisteredModel(model)),
                401, "UNAUTHENTICATED");
        error(fails(() -> client("mlctl_wrong").getRegisteredModel(model)), 401, "UNAUTHENTICATED");
        // a viewer reads and cannot write: PERMISSION_DENIED 403
        String viewer = token("viewer");
        assertEquals(model, client(viewer).getRegisteredModel(model).getName());
        error(fails(() -> client(viewer).sendPost("model-versions/create", body(Map.of("name", model, "source", "s3://x")))),
                403, "PERMISSION_DENIED");
        // MLFLOW_TRACKING_USERNAME/PASSWORD: Basic auth with the token as the password
        String editor = token("editor");
        MlflowClient basic = new MlflowClient(new BasicMlflowHostCreds(server.url().toString(), "ci-pipeline", editor));
        assertEquals("1", json(basic.sendPost("model-versions/create", body(Map.of("name", model, "source", "s3://x"))))
                .path("model_version").path("version").asText());
        error(fails(() -> new MlflowClient(new BasicMlflowHostCreds(server.url().toString(), "ci", "wrong"))
                .getRegisteredModel(model)), 401, "UNAUTHENTICATED");
        // Basic auth is for the MLflow paths only: mlctl's own API keeps to bearer tokens
        String basicHeader = "Basic " + Base64.getEncoder().encodeToString(("ci:" + editor).getBytes(StandardCharsets.UTF_8));
        TestHttp.Response own = server.http(null).send(java.net.http.HttpRequest.newBuilder(server.url().resolve("/api/v1/models"))
                .header("Authorization", basicHeader).GET());
        assertEquals(401, own.status());
    }

    @Test
    void renameAndVersionDeleteWaitUntilNothingElseNamesThem() {
        MlflowClient mlflow = client();
        String model = name("profiled");
        io.mlctl.controlplane.ingest.Registry.modelWithVersion(http, model);
        http.send("PUT", "/api/v1/models/" + model + "/versions/1/profile", "text/csv",
                io.mlctl.controlplane.ingest.SampleData.referenceCsv(200, 1)).assertStatus(200);
        assertEquals("2", json(mlflow.sendPost("model-versions/create", body(Map.of("name", model, "source", "s3://p/2"))))
                .path("model_version").path("version").asText());
        long audit = auditTotal();

        // the reference profile names the model and its version 1: no rename, no delete of version 1
        JsonNode rename = error(fails(() -> mlflow.sendPost("registered-models/rename",
                body(Map.of("name", model, "new_name", model + "-x")))), 409, "RESOURCE_CONFLICT");
        assertTrue(rename.path("message").asText().contains("reference profiles"), rename.toString());
        TestHttp.Response v1 = delete(server.adminToken(), "model-versions/delete", Map.of("name", model, "version", "1"));
        assertEquals(409, v1.status());
        assertTrue(v1.json().path("message").asText().contains("reference profiles"), v1.body());
        assertEquals(audit, auditTotal());
        mlflow.getModelVersion(model, "1");
        // version 2 has nothing naming it
        delete(server.adminToken(), "model-versions/delete", Map.of("name", model, "version", "2")).assertStatus(200);
        // a rename onto a taken name is MLflow's RESOURCE_ALREADY_EXISTS
        String other = name("taken");
        mlflow.sendPost("registered-models/create", body(Map.of("name", other)));
        error(fails(() -> mlflow.sendPost("registered-models/rename", body(Map.of("name", other, "new_name", model)))),
                400, "RESOURCE_ALREADY_EXISTS");
    }

    @Test
    void answersAreMlflowsProtobufJson() {
        String model = name("shape");
        TestHttp mlflow = http;
        mlflow.post("/api/2.0/mlflow/registered-models/create", Map.of("name", model)).assertStatus(200);
        // a fresh model: unset and empty fields are left out, as protobuf's JSON printer does
        JsonNode bare = mlflow.get("/api/2.0/mlflow/registered-models/get?name=" + model).assertStatus(200).json()
                .path("registered_model");
        assertEquals(List.of("creation_timestamp", "last_updated_timestamp", "name", "user_id"), fields(bare));
        mlflow.post("/api/2.0/mlflow/model-versions/create", Map.of("name", model, "source", "s3://m/1",
                "run_id", "r1", "tags", List.of(Map.of("key", "k", "value", "v")))).assertStatus(200);
        mlflow.post("/api/2.0/mlflow/registered-models/alias", Map.of("name", model, "alias", "prod", "version", 1))
                .assertStatus(200);
        TestHttp.Response got = mlflow.get("/api/2.0/mlflow/model-versions/get?name=" + model + "&version=1").assertStatus(200);
        assertTrue(got.contentType().startsWith("application/json"), got.contentType());
        JsonNode v = got.json().path("model_version");
        assertEquals(List.of("aliases", "creation_timestamp", "current_stage", "last_updated_timestamp", "name", "run_id",
                "source", "status", "tags", "user_id", "version"), fields(v));
        assertTrue(v.path("version").isTextual(), "version is a string in the proto");
        assertTrue(v.path("creation_timestamp").isIntegralNumber());
        assertEquals("None", v.path("current_stage").asText());
        assertEquals("READY", v.path("status").asText());
        assertEquals("prod", v.path("aliases").get(0).asText());
        assertEquals("{\"key\":\"k\",\"value\":\"v\"}", v.path("tags").get(0).toString());
        JsonNode m = mlflow.get("/api/2.0/mlflow/registered-models/get?name=" + model).json().path("registered_model");
        assertEquals("{\"alias\":\"prod\",\"version\":\"1\"}", m.path("aliases").get(0).toString());
        assertEquals("1", m.path("latest_versions").get(0).path("version").asText());
        // get-latest-versions by POST (MLflow's Python client) with a viewer token, and by GET with stages
        String viewer = token("viewer");
        JsonNode latest = http.as(viewer).post("/api/2.0/mlflow/registered-models/get-latest-versions",
                Map.of("name", model, "stages", List.of("None"))).assertStatus(200).json();
        assertEquals("1", latest.path("model_versions").get(0).path("version").asText());
        assertEquals("{}", http.as(viewer).get("/api/2.0/mlflow/registered-models/get-latest-versions?name=" + model
                + "&stages=Staging").assertStatus(200).body().trim());
        // a DELETE whose fields come in the query string (no body) is read like a GET
        http.send("DELETE", "/api/2.0/mlflow/registered-models/alias?name=" + model + "&alias=prod", null, null)
                .assertStatus(200);
        assertEquals(0, http.get("/api/v1/models/" + model + "/aliases").assertStatus(200).json().size());
    }

    private static List<String> fields(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        out.sort(String::compareTo);
        return out;
    }

    private static List<String> names(JsonNode models) {
        List<String> out = new ArrayList<>();
        models.forEach(m -> out.add(m.path("name").asText()));
        return out;
    }
}
