package io.mlctl.registry.model;

import io.mlctl.api.common.ProblemException;
import io.mlctl.api.registry.AliasSetRequest;
import io.mlctl.api.registry.Lineage;
import io.mlctl.api.registry.ModelCreateRequest;
import io.mlctl.api.registry.ModelRuntime;
import io.mlctl.api.registry.ModelVersion;
import io.mlctl.api.registry.RegisteredModel;
import io.mlctl.api.registry.VersionCreateRequest;
import io.mlctl.registry.audit.AuditLog;
import io.mlctl.testsupport.DatabaseTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the registry gained for MLflow's API (rename, version delete, one-tag writes, search conditions, run links),
 * on H2 and PostgreSQL, at the service level.
 */
class RegistryMlflowSupportTest extends DatabaseTest {
    static final String ME = "tester#1";

    private ModelService models() {
        return bean(ModelService.class);
    }

    private VersionService versions() {
        return bean(VersionService.class);
    }

    private long auditSize() {
        return bean(AuditLog.class).search(null, null, null, 0, 1).total();
    }

    private ModelVersion version(String model, String source, String runId) {
        return versions().register(model, new VersionCreateRequest(source, ModelRuntime.custom, null, null, null,
                new Lineage(runId, null, null, null, null, "https://mlflow/runs/" + runId), null, null, null), ME);
    }

    private void rejected(int status, Executable call) {
        long before = auditSize();
        assertEquals(status, assertThrows(ProblemException.class, call).status());
        assertEquals(before, auditSize(), "a rejected call wrote something");
    }

    @Test
    void deletedVersionNumbersAreNeverGivenOutAgain() {
        models().create(new ModelCreateRequest("numbers", null, null, null), ME);
        version("numbers", "s3://n/1", "r1");
        version("numbers", "s3://n/2", "r2");
        versions().delete("numbers", 2, ME);
        assertEquals(3, version("numbers", "s3://n/3", "r3").version());
        rejected(404, () -> versions().get("numbers", 2));
        bean(AliasService.class).set("numbers", "production", new AliasSetRequest(1, null), ME);
        rejected(409, () -> versions().delete("numbers", 1, ME));
        assertEquals("https://mlflow/runs/r1", versions().get("numbers", 1).lineage().runLink());
    }

    @Test
    void renameMovesVersionsAliasesAndHistory() {
        models().create(new ModelCreateRequest("before-name", null, null, Map.of("team", "risk")), ME);
        models().create(new ModelCreateRequest("taken-name", null, null, null), ME);
        version("before-name", "s3://b/1", "r1");
        bean(AliasService.class).set("before-name", "champion", new AliasSetRequest(1, null), ME);
        rejected(409, () -> models().rename("before-name", "taken-name", ME));
        rejected(400, () -> models().rename("before-name", "Not A Label", ME));
        RegisteredModel renamed = models().rename("before-name", "after-name", ME);
        assertEquals("after-name", renamed.name());
        assertEquals(Map.of("champion", 1), renamed.aliases());
        assertEquals(Map.of("team", "risk"), renamed.tags());
        assertEquals(1, versions().resolve("models:/after-name@champion").version());
        assertEquals(1, bean(AliasService.class).history("after-name", "champion", 0, 10).total());
        rejected(404, () -> models().get("before-name"));
    }

    @Test
    void oneTagAtATimeIsAudited() {
        models().create(new ModelCreateRequest("tagged", null, null, Map.of("a", "1")), ME);
        version("tagged", "s3://t/1", "r1");
        long before = auditSize();
        assertEquals(Map.of("a", "1", "b", "2"), models().setTag("tagged", "b", "2", ME).tags());
        assertEquals(Map.of("a", "9", "b", "2"), models().setTag("tagged", "a", "9", ME).tags());
        assertEquals(Map.of("b", "2"), models().deleteTag("tagged", "a", ME).tags());
        assertEquals(Map.of("k", "v"), versions().setTag("tagged", 1, "k", "v", ME).tags());
        assertEquals(Map.of(), versions().deleteTag("tagged", 1, "k", ME).tags());
        assertEquals(before + 5, auditSize());
        // removing a tag that is not there changes nothing
        assertEquals(Map.of("b", "2"), models().deleteTag("tagged", "zzz", ME).tags());
        assertEquals(before + 5, auditSize());
        rejected(400, () -> models().setTag("tagged", "bad key", "x", ME));
    }

    @Test
    void findCombinesConditionsOrderAndPages() {
        for (String n : List.of("find-a", "find-b", "find-c")) {
            models().create(new ModelCreateRequest(n, null, null, Map.of("team", n.equals("find-b") ? "growth" : "risk")), ME);
            version(n, "s3://" + n + "/1", "run-" + n);
            version(n, "s3://" + n + "/2", "run-shared");
        }
        List<String> names = models().find(List.of(SearchCondition.of("name", SearchCondition.Op.LIKE, "find-%"),
                        SearchCondition.of("tag:team", SearchCondition.Op.EQ, "risk")),
                List.of(new SearchCondition.Order("name", true)), 10, 0).stream().map(RegisteredModel::name).toList();
        assertEquals(List.of("find-c", "find-a"), names);
        assertEquals(List.of("find-b"), models().find(List.of(SearchCondition.of("name", SearchCondition.Op.ILIKE, "FIND-B")),
                List.of(), 10, 0).stream().map(RegisteredModel::name).toList());
        List<ModelVersion> shared = versions().find(List.of(SearchCondition.of("run_id", SearchCondition.Op.EQ, "run-shared")),
                List.of(), 2, 1);
        assertEquals(List.of("find-b", "find-c"), shared.stream().map(ModelVersion::model).toList());
        List<ModelVersion> in = versions().find(List.of(new SearchCondition("run_id", SearchCondition.Op.IN,
                List.of("run-find-a", "run-find-c")), SearchCondition.of("version", SearchCondition.Op.EQ, "1")),
                List.of(new SearchCondition.Order("name", true)), 10, 0);
        assertEquals(List.of("find-c", "find-a"), in.stream().map(ModelVersion::model).toList());
        assertTrue(versions().find(List.of(SearchCondition.of("source", SearchCondition.Op.EQ, "s3://none")),
                List.of(), 10, 0).isEmpty());
        assertThrows(ProblemException.class, () -> versions().find(List.of(SearchCondition.of("stage",
                SearchCondition.Op.EQ, "x")), List.of(), 10, 0));
    }
}
