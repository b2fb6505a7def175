package io.mlctl.registry.model;

import io.mlctl.api.common.Page;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.registry.AliasChange;
import io.mlctl.api.registry.AliasSetRequest;
import io.mlctl.api.registry.AuditRecord;
import io.mlctl.api.registry.Gpu;
import io.mlctl.api.registry.Lineage;
import io.mlctl.api.registry.ModelCreateRequest;
import io.mlctl.api.registry.ModelRuntime;
import io.mlctl.api.registry.ModelUpdateRequest;
import io.mlctl.api.registry.ModelVersion;
import io.mlctl.api.registry.RegisteredModel;
import io.mlctl.api.registry.ServingDefaults;
import io.mlctl.api.registry.VersionCreateRequest;
import io.mlctl.api.registry.VersionStatus;
import io.mlctl.api.registry.VersionUpdateRequest;
import io.mlctl.registry.audit.AuditLog;
import io.mlctl.api.schema.SchemaFormat;
import io.mlctl.registry.schema.SchemaService;
import io.mlctl.testsupport.DatabaseTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry's services on H2 and on PostgreSQL: each test uses its own model names. */
class RegistryServicesTest extends DatabaseTest {
    static final String ME = "tester#1";
    static final String SCHEMA = """
            name: %s
            features:
              - {name: amount, type: numeric, min: 0, required: true}
              - {name: country, type: categorical, values: [US, DE], allowOther: true}
            """;

    private ModelService models() {
        return bean(ModelService.class);
    }

    private VersionService versions() {
        return bean(VersionService.class);
    }

    private AliasService aliases() {
        return bean(AliasService.class);
    }

    private long auditSize() {
        return bean(AuditLog.class).search(null, null, null, 0, 1).total();
    }

    private RegisteredModel model(String name) {
        return models().create(new ModelCreateRequest(name, "d", "alice", Map.of("team", "risk")), ME);
    }

    private ModelVersion version(String model) {
        return versions().register(model, new VersionCreateRequest("s3://m/" + model, ModelRuntime.triton, null,
                null, null, null, null, null, null), ME);
    }

    /** Asserts the call fails with this status and leaves the audit log (so every write) unchanged. */
    private ProblemException rejected(int status, Executable call) {
        long before = auditSize();
        ProblemException e = assertThrows(ProblemException.class, call);
        assertEquals(status, e.status(), e.getMessage());
        assertEquals(before, auditSize(), "a rejected request wrote something");
        return e;
    }

    @Test
    void modelsAreCreatedSearchedUpdatedAndAudited() {
        model("search-a");
        model("search-b");
        models().create(new ModelCreateRequest("search-c", null, "bob", Map.of("team", "ads", "tier", "1")), ME);
        assertEquals(3, models().search("search-", null, List.of(), 0, 10).total());
        assertEquals(List.of("search-c"), names(models().search("search-", "bob", List.of(), 0, 10)));
        assertEquals(List.of("search-a", "search-b"), names(models().search("search", null, List.of("team=risk"), 0, 10)));
        assertEquals(List.of("search-c"), names(models().search("search", null, List.of("tier", "team=ads"), 0, 10)));
        Page<RegisteredModel> second = models().search("search-", null, List.of(), 1, 2);
        assertEquals(List.of("search-c"), names(second));
        assertEquals(3, second.total());

        RegisteredModel updated = models().update("search-a", new ModelUpdateRequest("new", null, Map.of("x", "y")), ME);
        assertEquals("new", updated.description());
        assertEquals("alice", updated.owner());
        assertEquals(Map.of("x", "y"), updated.tags());
        AuditRecord last = bean(AuditLog.class).search(null, "model.update", "models/search-a", 0, 1).items().get(0);
        assertEquals(ME, last.actor());
        assertEquals("d", ((Map<?, ?>) last.before()).get("description"));
        assertEquals("new", ((Map<?, ?>) last.after()).get("description"));
    }

    @Test
    void duplicateNamesAre409AndWriteNothing() {
        model("dup");
        rejected(409, () -> model("dup"));
        rejected(400, () -> models().create(new ModelCreateRequest("bad-tags", null, null, Map.of("no spaces", "x")), ME));
        rejected(404, () -> models().get("bad-tags"));
    }

    @Test
    void versionsAreNumberedPerModelWithAllTheirFields() {
        model("numbered");
        model("other");
        bean(SchemaService.class).push(SCHEMA.formatted("numbered-features"), SchemaFormat.YAML, false, ME);
        ModelVersion v1 = versions().register("numbered", new VersionCreateRequest("s3://m/numbered/1", ModelRuntime.vllm,
                new ServingDefaults("vllm/vllm-openai:v0.6", 8000, new Gpu(2, "NVIDIA-A100-SXM4-40GB")),
                "numbered-features", Map.of("auc", 0.91), new Lineage("run-1", "s3://d/train", "abc123", null, null, null),
                Map.of("stage", "candidate"), "first", null), ME);
        assertEquals(1, v1.version());
        assertEquals("models:/numbered/1", v1.uri());
        assertEquals("numbered-features@1", v1.schema());
        assertEquals(VersionStatus.READY, v1.status());
        assertEquals(2, v1.serving().gpu().count());
        assertEquals(1, version("other").version());
        ModelVersion v2 = versions().register("numbered", new VersionCreateRequest("s3://m/numbered/2", ModelRuntime.triton,
                null, null, null, new Lineage(null, null, null, 1, "trigger-42", null), null, null, VersionStatus.PENDING), ME);
        assertEquals(2, v2.version());
        assertEquals(1, v2.lineage().parentVersion());
        assertEquals("trigger-42", v2.lineage().triggeredBy());
        assertEquals(v1, versions().get("numbered", 1));
        assertEquals(List.of(2), versions().search("numbered", VersionStatus.PENDING, null, List.of(), 0, 10)
                .items().stream().map(ModelVersion::version).toList());
        assertEquals(List.of(1), versions().search("numbered", null, ModelRuntime.vllm, List.of("stage=candidate"), 0, 10)
                .items().stream().map(ModelVersion::version).toList());
        assertEquals(List.of(2, 1), versions().search("numbered", null, null, List.of(), 0, 10)
                .items().stream().map(ModelVersion::version).toList());
    }

    @Test
    void badReferencesAreRejectedAndWriteNothing() {
        model("refs");
        VersionCreateRequest missingSchema = new VersionCreateRequest("s3://x", ModelRuntime.triton, null,
                "no-such-schema@3", null, null, null, null, null);
        rejected(404, () -> versions().register("refs", missingSchema, ME));
        rejected(400, () -> versions().register("refs", new VersionCreateRequest("s3://x", ModelRuntime.triton, null,
                "Bad Ref", null, null, null, null, null), ME));
        rejected(404, () -> versions().register("refs", new VersionCreateRequest("s3://x", ModelRuntime.triton, null,
                null, null, new Lineage(null, null, null, 5, null, null), null, null, null), ME));
        rejected(404, () -> versions().register("no-such-model", missingSchema, ME));
        rejected(404, () -> versions().get("refs", 1));
        assertEquals(1, version("refs").version(), "failed registrations used no number");
    }

    @Test
    void concurrentRegistrationsGetConsecutiveNumbers() throws Exception {
        model("busy");
        List<Integer> got = race(12, () -> version("busy").version());
        assertEquals(new TreeSet<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)), new TreeSet<>(got));
    }

    @Test
    void aliasesMoveAtomicallyWithHistory() {
        model("aliased");
        version("aliased");
        version("aliased");
        assertEquals(1, aliases().set("aliased", "production", new AliasSetRequest(1, null), ME).version());
        assertEquals(2, aliases().set("aliased", "production", new AliasSetRequest(2, null), ME).version());
        aliases().set("aliased", "production", new AliasSetRequest(2, null), ME); // no-op, no history entry
        assertEquals(List.of("production"), versions().get("aliased", 2).aliases());
        assertEquals(Map.of("production", 2), models().get("aliased").aliases());
        assertEquals(2, versions().resolve("models:/aliased@production").version());
        assertEquals(1, versions().resolve("models:/aliased/1").version());
        assertEquals(2, versions().resolve("models:/aliased/latest").version());
        aliases().delete("aliased", "production", ME);
        List<AliasChange> h = aliases().history("aliased", "production", 0, 10).items();
        assertEquals(3, h.size());
        assertNull(h.get(0).fromVersion());
        assertEquals(1, h.get(0).toVersion());
        assertEquals(1, h.get(1).fromVersion());
        assertEquals(2, h.get(1).toVersion());
        assertEquals(2, h.get(2).fromVersion());
        assertNull(h.get(2).toVersion());
        rejected(404, () -> versions().resolve("models:/aliased@production"));
    }

    @Test
    void badAliasRequestsAreRejectedAndWriteNothing() {
        model("strict");
        version("strict");
        rejected(404, () -> aliases().set("strict", "production", new AliasSetRequest(9, null), ME));
        rejected(400, () -> aliases().set("strict", "Prod", new AliasSetRequest(1, null), ME));
        rejected(400, () -> aliases().set("strict", "latest", new AliasSetRequest(1, null), ME));
        rejected(400, () -> aliases().set("strict", "7", new AliasSetRequest(1, null), ME));
        rejected(404, () -> aliases().set("nope", "production", new AliasSetRequest(1, null), ME));
        versions().update("strict", 1, new VersionUpdateRequest(null, null, VersionStatus.ARCHIVED, null), ME);
        rejected(409, () -> aliases().set("strict", "production", new AliasSetRequest(1, null), ME));
        version("strict");
        aliases().set("strict", "production", new AliasSetRequest(2, null), ME);
        rejected(409, () -> versions().update("strict", 2, new VersionUpdateRequest(null, null, VersionStatus.ARCHIVED, null), ME));
        rejected(409, () -> aliases().set("strict", "production", new AliasSetRequest(2, 1), ME));
    }

    @Test
    void concurrentAliasMovesAreAllKeptInOrder() throws Exception {
        model("racy");
        for (int i = 0; i < 8; i++) {
            version("racy");
        }
        AtomicInteger next = new AtomicInteger();
        List<Integer> moved = race(8, () -> aliases().set("racy", "production",
                new AliasSetRequest(next.incrementAndGet(), null), ME).version());
        assertEquals(8, new TreeSet<>(moved).size());
        List<AliasChange> h = aliases().history("racy", "production", 0, 100).items();
        assertEquals(8, h.size(), "every move is in the history");
        for (int i = 1; i < h.size(); i++) {
            assertEquals(h.get(i - 1).toVersion(), h.get(i).fromVersion(), "history is a chain: " + h);
        }
        assertEquals(h.get(h.size() - 1).toVersion(), aliases().get("racy", "production").version(),
                "the last move in the history is the alias's value");
    }

    @Test
    void concurrentCompareAndSetMovesLetExactlyOneWin() throws Exception {
        model("cas");
        for (int i = 0; i < 6; i++) {
            version("cas");
        }
        aliases().set("cas", "production", new AliasSetRequest(1, null), ME);
        AtomicInteger next = new AtomicInteger(1);
        List<Integer> outcome = race(5, () -> {
            try {
                return aliases().set("cas", "production", new AliasSetRequest(next.incrementAndGet(), 1), ME).version();
            } catch (ProblemException e) {
                assertEquals(409, e.status());
                return -1;
            }
        });
        List<Integer> winners = outcome.stream().filter(v -> v > 0).toList();
        assertEquals(1, winners.size(), outcome.toString());
        assertEquals(winners.get(0), aliases().get("cas", "production").version());
        List<AliasChange> h = aliases().history("cas", "production", 0, 100).items();
        assertEquals(2, h.size(), h.toString());
        assertEquals(winners.get(0), h.get(1).toVersion());
    }

    @Test
    void deletingAModelWithAliasesNeedsForce() {
        model("doomed");
        version("doomed");
        aliases().set("doomed", "production", new AliasSetRequest(1, null), ME);
        ProblemException e = rejected(409, () -> models().delete("doomed", false, ME));
        assertTrue(e.detail().contains("production"), e.detail());
        RegisteredModel gone = models().delete("doomed", true, ME);
        assertEquals(Map.of("production", 1), gone.aliases());
        rejected(404, () -> models().get("doomed"));
        rejected(404, () -> versions().resolve("models:/doomed/1"));
        model("doomed");
        assertEquals(1, version("doomed").version(), "a re-created model starts again at 1");
        Page<AuditRecord> trail = bean(AuditLog.class).search(null, "model.*", "models/doomed", 0, 10);
        assertEquals(List.of("model.create", "model.delete", "model.create"),
                trail.items().stream().map(AuditRecord::action).toList(), "newest first");
    }

    @Test
    void versionUpdatesMergeMetricsAndAuditBeforeAndAfter() {
        model("tuned");
        versions().register("tuned", new VersionCreateRequest("s3://t", ModelRuntime.custom, null, null,
                Map.of("auc", 0.9, "f1", 0.5), null, Map.of("a", "1"), null, null), ME);
        ModelVersion v = versions().update("tuned", 1, new VersionUpdateRequest("better", Map.of("b", "2"), null,
                Map.of("f1", 0.6, "recall", 0.7)), ME);
        assertEquals(Map.of("auc", 0.9, "f1", 0.6, "recall", 0.7), v.metrics());
        assertEquals(Map.of("b", "2"), v.tags());
        assertEquals("better", v.description());
        AuditRecord a = bean(AuditLog.class).search(null, "version.update", "models/tuned/versions/1", 0, 1).items().get(0);
        assertEquals(Map.of("a", "1"), ((Map<?, ?>) a.before()).get("tags"));
        assertEquals(Map.of("b", "2"), ((Map<?, ?>) a.after()).get("tags"));
    }

    private static List<String> names(Page<RegisteredModel> page) {
        return page.items().stream().map(RegisteredModel::name).toList();
    }

    /** Runs {@code n} copies of the task at the same moment and returns their results. */
    static <T> List<T> race(int n, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

}
