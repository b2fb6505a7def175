package io.mlctl.controlplane.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.quality.BinaryMetrics;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestDatabase;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static io.mlctl.controlplane.quality.QualityModels.labels;
import static io.mlctl.controlplane.quality.QualityModels.post;
import static io.mlctl.controlplane.quality.QualityModels.quality;
import static io.mlctl.controlplane.quality.QualityModels.samples;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two control planes on one database take labels for the same version: each counts the labels the other stored
 * before it as replaced (a batch locks the version and reads the segments stored since its last), concurrent
 * relabelling counts every replacement once and the newest batch's labels are the ones read, by either replica. One
 * replica joins labels to predictions through its index in memory, the other through the database: the same counts.
 * A retried request's second prediction is not paired again, so it is not counted as a prediction twice.
 */
class LabelReplicasTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void relabellingThroughTwoReplicas(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             ControlPlaneServer a = ControlPlaneServer.start(db);
             // B keeps no prediction index (join-index-max 0): it joins every label through the database
             ControlPlaneServer b = ControlPlaneServer.start(db, Map.of("mlctl.quality.join-index-max", 0))) {
            TestHttp httpA = a.http();
            TestHttp httpB = b.http();
            String model = "replicas";
            QualityModels.binaryModel(httpA, model);
            int n = 200;
            Random r = new Random(3);
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                scores[i] = r.nextDouble();
            }
            Instant ts = Instant.now();
            post(httpA, a.url(), model, "samples", "s-1", samples("r", scores, ts)).assertStatus(200);
            // the first 50 requests again (retried), with other scores: their first predictions stay the paired ones
            post(httpB, b.url(), model, "samples", "s-2", samples("r", new double[50], ts)).assertStatus(200);
            assertEquals(n, quality(httpA, model).path("items").get(0).path("predictions").asLong());

            int[] ones = new int[n];
            Arrays.fill(ones, 1);
            int[] zeros = new int[n];
            JsonNode first = post(httpA, a.url(), model, "labels", "l-1", labels("r", ones, 0, 100))
                    .assertStatus(200).json();
            assertEquals(100, first.path("matched").asInt());
            assertEquals(0, first.path("replaced").asInt());
            // B has never seen a label of this version: it reads what A stored
            JsonNode second = post(httpB, b.url(), model, "labels", "l-2", labels("r", zeros, 50, 150))
                    .assertStatus(200).json();
            assertEquals(100, second.path("matched").asInt());
            assertEquals(50, second.path("replaced").asInt());

            // both relabel everything at once: 150 labelled before, so 150 + 200 replacements in all, whatever order
            CompletableFuture<JsonNode> viaA = CompletableFuture.supplyAsync(() ->
                    post(httpA, a.url(), model, "labels", "l-3", labels("r", ones, 0, n)).assertStatus(200).json());
            CompletableFuture<JsonNode> viaB = CompletableFuture.supplyAsync(() ->
                    post(httpB, b.url(), model, "labels", "l-4", labels("r", zeros, 0, n)).assertStatus(200).json());
            JsonNode third = viaA.get();
            JsonNode fourth = viaB.get();
            assertEquals(350, third.path("replaced").asInt() + fourth.path("replaced").asInt(),
                    third + " " + fourth);
            boolean aLast = third.path("batchId").asLong() > fourth.path("batchId").asLong();
            boolean[] truth = new boolean[n];
            Arrays.fill(truth, aLast);
            BinaryMetrics expected = BinaryMetrics.of(scores, truth, 0.5);
            for (TestHttp http : new TestHttp[]{httpA, httpB}) {
                JsonNode w = quality(http, model).path("items").get(0);
                assertEquals(n, w.path("predictions").asLong());
                assertEquals(n, w.path("labeled").asLong());
                assertEquals(expected.accuracy(), w.path("metrics").path("accuracy").asDouble(), 1e-12);
                assertEquals(expected.brier(), w.path("metrics").path("brier").asDouble(), 1e-12);
            }
        }
    }
}
