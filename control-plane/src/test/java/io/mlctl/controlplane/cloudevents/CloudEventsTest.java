package io.mlctl.controlplane.cloudevents;

import io.mlctl.api.registry.FeatureSchema;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.drift.profile.CategoricalProfile;
import io.mlctl.drift.profile.DatasetProfile;
import io.mlctl.drift.profile.NumericProfile;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.ControlPlaneTest;
import io.mlctl.testsupport.TestDatabase;
import io.mlctl.testsupport.TestHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.mlctl.controlplane.cloudevents.KServeEvents.REQUEST;
import static io.mlctl.controlplane.cloudevents.KServeEvents.RESPONSE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * KServe's payload-logger CloudEvents on H2 and PostgreSQL: pairing in either order, repeats counted once, bad events
 * answered 4xx with nothing stored, an unpaired half expiring, and the ingest token in the URL.
 */
class CloudEventsTest extends ControlPlaneTest {
    private Object registeredOn;

    @BeforeEach
    void models() {
        if (registeredOn != server) { // once per server (the class runs on H2, then on PostgreSQL)
            KServeEvents.oipModel(http, "fraud");
            KServeEvents.oipModel(http, "twice");
            KServeEvents.oipModel(http, "bad");
            KServeEvents.v1Model(http, "churn");
            registeredOn = server;
        }
    }

    private TestHttp.Response post(String model, String id, String type, String body) {
        return KServeEvents.post(server, http, model, null, id, type, body);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    @Test
    void requestThenResponseIngestsTheRowsWithTheirFeaturesPredictionAndTheCeIdAsRequestId() throws Exception {
        String id = id();
        JsonNode waiting = post("fraud", id, REQUEST, KServeEvents.oipRequest(id)).assertStatus(200).json();
        assertEquals("waiting", waiting.path("state").asText(), waiting.toString());
        assertEquals(1, count("SELECT COUNT(*) FROM cloudevent_half WHERE event_id = '" + id + "'"));

        JsonNode done = post("fraud", id, RESPONSE, KServeEvents.oipResponse(id)).assertStatus(200).json();
        assertEquals("ingested", done.path("state").asText(), done.toString());
        assertEquals("oip", done.path("protocol").asText());
        assertEquals(2, done.path("rows").asInt());
        assertEquals(0, count("SELECT COUNT(*) FROM cloudevent_half WHERE event_id = '" + id + "'"));

        DatasetProfile p = batchProfile(done.path("batchId").asLong());
        NumericProfile amount = (NumericProfile) p.feature("amount");
        assertEquals(2, amount.count());
        assertEquals(80.0, amount.min());
        assertEquals(120.5, amount.max());
        NumericProfile age = (NumericProfile) p.feature("age");
        assertEquals(31.0, age.min());
        assertEquals(45.0, age.max());
        assertEquals(Map.of("US", 1L, "DE", 1L), ((CategoricalProfile) p.feature("country")).counts());
        NumericProfile score = (NumericProfile) p.feature(FeatureSchema.PREDICTION);
        assertEquals(0.125, score.min());
        assertEquals(0.75, score.max());
        // row 0 carries the ce-id, row 1 "<ce-id>/1": shadow agreement and label joins pair on them
        assertEquals(Map.of(id, 0.125, id + "/1", 0.75), predictions("fraud", id));
    }

    @Test
    void responseThenRequestPairsTheSameWayForKServeV1() throws Exception {
        String id = id();
        assertEquals("waiting", post("churn", id, RESPONSE, KServeEvents.V1_RESPONSE).assertStatus(200)
                .json().path("state").asText());
        JsonNode done = post("churn", id, REQUEST, KServeEvents.V1_REQUEST).assertStatus(200).json();
        assertEquals("ingested", done.path("state").asText(), done.toString());
        assertEquals("kserve-v1", done.path("protocol").asText());
        assertEquals(1, done.path("rows").asInt());
        DatasetProfile p = batchProfile(done.path("batchId").asLong());
        assertEquals(12.0, ((NumericProfile) p.feature("tenure")).max());
        assertEquals(Map.of("pro", 1L), ((CategoricalProfile) p.feature("plan")).counts());
        assertEquals(Map.of(id, 0.375), predictions("churn", id));
    }

    @Test
    void theSameEventTwiceIsCountedOnce() throws Exception {
        String id = id();
        post("twice", id, REQUEST, KServeEvents.oipRequest(id)).assertStatus(200);
        assertEquals("duplicate", post("twice", id, REQUEST, KServeEvents.oipRequest(id)).assertStatus(200)
                .json().path("state").asText());
        assertEquals("ingested", post("twice", id, RESPONSE, KServeEvents.oipResponse(id)).assertStatus(200)
                .json().path("state").asText());
        // repeats after the pair was ingested: found by the pair's ingest batch, nothing waits again
        assertEquals("duplicate", post("twice", id, RESPONSE, KServeEvents.oipResponse(id)).assertStatus(200)
                .json().path("state").asText());
        assertEquals("duplicate", post("twice", id, REQUEST, KServeEvents.oipRequest(id)).assertStatus(200)
                .json().path("state").asText());
        assertEquals(0, count("SELECT COUNT(*) FROM cloudevent_half WHERE model = 'twice'"));
        assertEquals(1, count("SELECT COUNT(*) FROM ingest_batch WHERE model = 'twice'"));
        assertEquals(2, count("SELECT COUNT(*) FROM prediction_pairing WHERE model = 'twice'"));
        String metrics = server.http(null).get("/metrics").assertStatus(200).body();
        assertTrue(metrics.contains("mlctl_samples_ingested_total{model=\"twice\",version=\"1\"} 2.0"), metrics);
        assertTrue(metrics.contains("mlctl_cloudevents_received_total{half=\"request\",model=\"twice\",version=\"1\"} "
                + "3.0"), metrics);
    }

    @Test
    void badEventsAreAnswered4xxAndStoreNothing() throws Exception {
        String id = id();
        // not a CloudEvent at all (no ce-* headers)
        http.send(HttpRequest.newBuilder(server.url().resolve("/api/v1/models/bad/versions/1/cloudevents"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(KServeEvents.oipRequest(id)))).assertProblem(400);
        // required attributes missing
        TestHttp.Response noId = http.send(KServeEvents.event(server.url(), "bad", null, null, REQUEST,
                KServeEvents.oipRequest(id), "application/json")).assertProblem(400);
        assertTrue(noId.detail().startsWith("not a valid CloudEvent"), noId.body());
        http.send(KServeEvents.event(server.url(), "bad", null, id, null, KServeEvents.oipRequest(id),
                "application/json")).assertProblem(400);
        // another event type
        assertTrue(post("bad", id, "com.example.order.paid", KServeEvents.oipRequest(id)).assertProblem(422)
                .detail().contains("org.kubeflow.serving.inference.request"));
        // structured mode
        TestHttp.Response structured = http.send(KServeEvents.event(server.url(), "bad", null, id, REQUEST,
                "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"x\",\"type\":\"" + REQUEST
                        + "\",\"data\":{}}", "application/cloudevents+json")).assertProblem(415);
        assertTrue(structured.detail().contains("binary mode"), structured.body());
        // bodies that cannot be an inference
        post("bad", id, REQUEST, "").assertProblem(400);
        TestHttp.Response truncated = post("bad", id, REQUEST, "{\"inputs\": [").assertProblem(400);
        assertTrue(truncated.detail().startsWith("the request event's body is not JSON"), truncated.body());
        TestHttp.Response text = post("bad", id, RESPONSE, "not json").assertProblem(400);
        assertTrue(text.detail().startsWith("the response event's body is not JSON"), text.body());
        TestHttp.Response unknown = post("bad", id, REQUEST, "{\"data\": [1, 2]}").assertProblem(422);
        assertTrue(unknown.detail().contains("?protocol="), unknown.body());
        KServeEvents.post(server, http, "bad", "?protocol=grpc", id, REQUEST, KServeEvents.oipRequest(id))
                .assertProblem(400);
        // unknown model or version
        post("nosuchmodel", id, REQUEST, KServeEvents.oipRequest(id)).assertProblem(404);
        assertEquals(0, count("SELECT COUNT(*) FROM cloudevent_half WHERE model = 'bad'"));

        // a pair that does not decode (the response lacks the mapped output): 422, and its waiting half is dropped
        post("bad", id, REQUEST, KServeEvents.oipRequest(id)).assertStatus(200);
        TestHttp.Response undecodable = post("bad", id, RESPONSE,
                "{\"id\": \"" + id + "\", \"outputs\": [{\"name\": \"other\", \"shape\": [2], \"datatype\": \"FP32\", "
                        + "\"data\": [1, 2]}]}").assertProblem(422);
        assertTrue(undecodable.detail().contains("cannot be decoded"), undecodable.body());
        // rows that break the schema (a negative amount): 422 from the ingest path, nothing stored either
        String id2 = id();
        post("bad", id2, REQUEST, KServeEvents.oipRequest(id2).replace("120.5", "-3")).assertStatus(200);
        post("bad", id2, RESPONSE, KServeEvents.oipResponse(id2)).assertProblem(422);
        assertEquals(0, count("SELECT COUNT(*) FROM cloudevent_half WHERE model = 'bad'"));
        assertEquals(0, count("SELECT COUNT(*) FROM ingest_batch WHERE model = 'bad'"));
        String metrics = server.http(null).get("/metrics").body();
        assertTrue(metrics.contains("mlctl_cloudevents_rejected_total{model=\"bad\",reason=\"undecodable\","
                + "version=\"1\"} 1.0"), metrics);
        assertTrue(metrics.contains("mlctl_cloudevents_rejected_total{model=\"bad\",reason=\"rejected\","
                + "version=\"1\"} 1.0"), metrics);
    }

    /**
     * Two replicas on one database, the request to one and the response to the other, all at once (KServe's logger
     * sends both halves from parallel workers): every pair is ingested exactly once and no half is left waiting.
     */
    @Test
    void halvesSentToTwoReplicasAtOncePairExactlyOnce() throws Exception {
        KServeEvents.oipModel(http, "replicas");
        // 8 senders, like a logger's worker pool: more would only queue for the window row every batch updates
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try (ControlPlaneServer other = ControlPlaneServer.start(database)) {
            TestHttp b = other.http(server.adminToken());
            List<CompletableFuture<TestHttp.Response>> sent = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String id = id();
                ids.add(id);
                boolean requestHere = i % 2 == 0;
                sent.add(CompletableFuture.supplyAsync(() -> KServeEvents.post(requestHere ? server : other,
                        requestHere ? http : b, "replicas", null, id, REQUEST, KServeEvents.oipRequest(id)), senders));
                sent.add(CompletableFuture.supplyAsync(() -> KServeEvents.post(requestHere ? other : server,
                        requestHere ? b : http, "replicas", null, id, RESPONSE, KServeEvents.oipResponse(id)), senders));
            }
            int ingested = 0;
            for (CompletableFuture<TestHttp.Response> f : sent) {
                TestHttp.Response r = f.get(120, TimeUnit.SECONDS).assertStatus(200);
                if (r.json().path("state").asText().equals("ingested")) {
                    ingested++;
                }
            }
            assertEquals(40, ingested);
        } finally {
            senders.shutdownNow();
        }
        assertEquals(0, count("SELECT COUNT(*) FROM cloudevent_half WHERE model = 'replicas'"));
        assertEquals(40, count("SELECT COUNT(*) FROM ingest_batch WHERE model = 'replicas'"));
        assertEquals(80, count("SELECT COUNT(*) FROM prediction_pairing WHERE model = 'replicas'"));
    }

    /** An unpaired half expires after the pairing timeout (1 s here, on a server of its own) and is counted. */
    @Test
    void anUnpairedHalfExpiresAndIsCounted() throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             ControlPlaneServer quick = ControlPlaneServer.start(db, Map.of(
                     "mlctl.cloudevents.pairing-timeout", "1s", "mlctl.cloudevents.sweep-interval", "200ms"))) {
            TestHttp h = quick.http();
            KServeEvents.oipModel(h, "lonely");
            String id = id();
            KServeEvents.post(quick, h, "lonely", null, id, REQUEST, KServeEvents.oipRequest(id)).assertStatus(200);
            String series = "mlctl_cloudevents_rejected_total{model=\"lonely\",reason=\"unpaired\",version=\"1\"} 1.0";
            long deadline = System.nanoTime() + 60_000_000_000L;
            String metrics = "";
            while (System.nanoTime() < deadline && !metrics.contains(series)) {
                Thread.sleep(200);
                metrics = quick.http(null).get("/metrics").body();
            }
            assertTrue(metrics.contains(series), metrics);
            try (Connection c = db.connect()) {
                assertEquals(0, count(c, "SELECT COUNT(*) FROM cloudevent_half"));
                assertEquals(0, count(c, "SELECT COUNT(*) FROM ingest_batch"));
            }
            // the partner arriving late finds nothing to pair with: it waits (and would expire in turn)
            assertEquals("waiting", KServeEvents.post(quick, h, "lonely", null, id, RESPONSE,
                    KServeEvents.oipResponse(id)).assertStatus(200).json().path("state").asText());
        }
    }

    private DatasetProfile batchProfile(long batchId) throws Exception {
        try (Connection c = database.connect();
             PreparedStatement ps = c.prepareStatement("SELECT profile FROM drift_partial WHERE batch_id = ?")) {
            ps.setLong(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                DatasetProfile merged = null;
                while (rs.next()) {
                    DatasetProfile p = DatasetProfile.fromBytes(rs.getBytes(1));
                    merged = merged == null ? p : merged.merge(p);
                }
                return merged;
            }
        }
    }

    private Map<String, Double> predictions(String model, String id) throws Exception {
        Map<String, Double> out = new LinkedHashMap<>();
        try (Connection c = database.connect();
             PreparedStatement ps = c.prepareStatement("SELECT request_key, prediction_num FROM prediction_pairing "
                     + "WHERE model = ? AND request_key LIKE ? ORDER BY request_key")) {
            ps.setString(1, model);
            ps.setString(2, id + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getDouble(2));
                }
            }
        }
        return out;
    }

    private long count(String sql) throws Exception {
        try (Connection c = database.connect()) {
            return count(c, sql);
        }
    }

    private static long count(Connection c, String sql) throws Exception {
        try (var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
