package io.mlctl.controlplane.cloudevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Value;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.ingest.CloudEventResult;
import io.mlctl.api.ingest.IngestResult;
import io.mlctl.controlplane.ingest.BatchStore;
import io.mlctl.controlplane.ingest.IngestService;
import io.mlctl.controlplane.schema.SampleSchema;
import io.mlctl.controlplane.schema.SchemaSource;
import io.mlctl.controlplane.db.Jdbc;
import io.mlctl.protocol.Exchange;
import io.mlctl.protocol.ExchangeDecoder;
import io.mlctl.protocol.Protocol;
import io.mlctl.protocol.SampleRow;
import io.mlctl.protocol.UndecodableException;
import jakarta.inject.Singleton;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Pairs the two events of one inference and ingests the pair's rows exactly once. The first half is stored; the
 * second, in one transaction, locks it, decodes the pair with the version's protocol decoder, ingests the rows
 * through {@link IngestService} (the path of {@code POST .../samples}, Idempotency-Key {@code cloudevent:<ce-id>},
 * request id = ce-id so shadow agreement and label joins pair them) and deletes the stored half. A repeated event
 * finds its half still waiting, or the pair's batch already stored, and changes nothing.
 */
@Singleton
public class CloudEventIngest {
    static final String KEY_PREFIX = "cloudevent:";
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]{1,180}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbc jdbc;
    private final SchemaSource schemas;
    private final BatchStore batches;
    private final IngestService ingest;
    private final CloudEventHalves halves;
    private final CloudEventMetrics metrics;
    private final long maxBodyBytes;
    private final Clock clock = Clock.systemUTC();
    /** Decoders per (schema name@N, protocol): schema versions are immutable, so entries never go stale. */
    private final Map<String, ExchangeDecoder> decoders = new ConcurrentHashMap<>();

    public CloudEventIngest(Jdbc jdbc, SchemaSource schemas, BatchStore batches,
                            IngestService ingest, CloudEventHalves halves, CloudEventMetrics metrics,
                            @Value("${mlctl.ingest.max-batch-bytes:16777216}") long maxBodyBytes) {
        this.jdbc = jdbc;
        this.schemas = schemas;
        this.batches = batches;
        this.ingest = ingest;
        this.halves = halves;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** A pair that cannot be ingested: its stored partner is dropped after the rollback, then {@code problem} answers. */
    private static final class PairRejected extends RuntimeException {
        final long partnerId;
        final String reason;
        final ProblemException problem;

        PairRejected(long partnerId, String reason, ProblemException problem) {
            super(problem.getMessage(), null, false, false);
            this.partnerId = partnerId;
            this.reason = reason;
            this.problem = problem;
        }
    }

    public CloudEventResult receive(String model, int version, String protocolParam, InferenceEvent event,
                                    String actor) {
        if (event.body().length > maxBodyBytes) {
            throw new ProblemException(413, "Content Too Large", "the event body has " + event.body().length
                    + " bytes, more than the " + maxBodyBytes + " allowed (mlctl server --max-batch-size)");
        }
        Protocol explicit = protocolParam == null || protocolParam.isBlank() ? null : protocol(protocolParam);
        SampleSchema schema = schemas.schemaOf(model, version);
        batches.requireReference(model, version);
        String detected = check(event, explicit);
        Instant now = clock.instant();
        metrics.received(model, version, event.half());
        for (int attempt = 0; ; attempt++) {
            try {
                return jdbc.write(c -> pairOrWait(c, model, version, schema, explicit, detected, event, actor, now));
            } catch (PairRejected r) {
                halves.deleteNow(r.partnerId);
                metrics.rejected(model, version, r.reason, 1);
                throw r.problem;
            } catch (RuntimeException e) {
                if (attempt == 0 && Jdbc.uniqueViolation(e, CloudEventHalves.KEY_CONSTRAINT)) {
                    // the partner was stored at the same instant (here or on another replica): now it is there to pair
                    continue;
                }
                if (Jdbc.lockTimeout(e)) {
                    throw new ProblemException(503, "Service Unavailable", "the partner of this event is being "
                            + "processed; send the event again").with("retryAfterSeconds", 1);
                }
                throw e;
            }
        }
    }

    /**
     * An event read by another transport (a Kafka record in binary mode, {@code kafka.KafkaIngestor}), paired and
     * ingested as {@link #receive(String, int, String, InferenceEvent, String)} does. Called inside the consumer's
     * transaction, its writes commit with the consumed offset.
     *
     * @throws ProblemException 4xx when the event is not a KServe inference event or its pair cannot be ingested
     */
    public CloudEventResult receive(String model, int version, io.cloudevents.CloudEvent event, String actor) {
        return receive(model, version, null, InferenceEvent.of(event, null), actor);
    }

    private CloudEventResult pairOrWait(Connection c, String model, int version, SampleSchema schema,
                                        Protocol explicit, String detected, InferenceEvent event, String actor,
                                        Instant now) throws java.sql.SQLException {
        String key = idempotencyKey(event.id());
        Optional<CloudEventHalves.Stored> waiting = CloudEventHalves.lock(c, model, version, event.id());
        if (waiting.isEmpty()) {
            if (batches.find(model, version, key).isPresent()) {
                return new CloudEventResult(event.id(), event.half().name(), CloudEventResult.DUPLICATE, null, null,
                        null);
            }
            Instant time = event.time() == null ? now : event.time();
            CloudEventHalves.insert(c, model, version, event, explicit != null ? explicit.wireName() : detected, time,
                    now);
            return new CloudEventResult(event.id(), event.half().name(), CloudEventResult.WAITING, null, null, null);
        }
        CloudEventHalves.Stored partner = waiting.get();
        if (partner.half() == event.half()) {
            return new CloudEventResult(event.id(), event.half().name(), CloudEventResult.DUPLICATE, null, null, null);
        }
        boolean requestFirst = partner.half() == InferenceEvent.Half.request;
        byte[] requestBody = requestFirst ? partner.body() : event.body();
        byte[] responseBody = requestFirst ? event.body() : partner.body();
        String requestType = requestFirst ? partner.contentType() : event.contentType();
        String responseType = requestFirst ? event.contentType() : partner.contentType();
        String isvc = requestFirst ? partner.inferenceService() : event.inferenceService();
        Instant requestTime = requestFirst ? partner.eventTime() : (event.time() == null ? now : event.time());
        Protocol protocol = explicit != null ? explicit
                : Protocol.of(requestFirst ? partner.protocol() : detected);
        // KServe logs a response only when the model answered 200; its events do not carry the path, so the one the
        // protocol serves is named (the OpenAI decoder tells chat from completions by it)
        Exchange exchange = new Exchange("POST", path(protocol, isvc == null ? model : isvc, requestBody),
                requestType, requestBody, 200, responseType, responseBody, event.id(),
                requestTime.isAfter(now) ? now : requestTime, Double.NaN, Double.NaN);
        List<SampleRow> rows;
        try {
            rows = decoder(schema, protocol).decode(exchange);
        } catch (UndecodableException e) {
            throw new PairRejected(partner.id(), CloudEventMetrics.UNDECODABLE,
                    ProblemException.unprocessable("the " + protocol.wireName() + " pair of event " + event.id()
                            + " cannot be decoded: " + e.getMessage() + "; nothing was stored", List.of()));
        }
        CloudEventHalves.delete(c, partner.id());
        if (rows.isEmpty()) {
            return new CloudEventResult(event.id(), event.half().name(), CloudEventResult.INGESTED,
                    protocol.wireName(), 0, null);
        }
        IngestResult ack;
        try {
            ack = ingest.ingest(model, version, key, false, new ByteArrayInputStream(ndjson(rows)), actor);
        } catch (ProblemException e) {
            if (e.status() == 422) {
                throw new PairRejected(partner.id(), CloudEventMetrics.REJECTED, e);
            }
            throw e;
        }
        return new CloudEventResult(event.id(), event.half().name(), CloudEventResult.INGESTED, protocol.wireName(),
                ack.accepted(), ack.batchId());
    }

    /**
     * Checks what can be checked of one half alone (nothing is stored for a bad event) and, for a request, answers the
     * protocol its body shows: OIP when it has {@code inputs} as named tensors, KServe v1 when it has
     * {@code instances} (or plain rows under {@code inputs}).
     */
    private static String check(InferenceEvent event, Protocol explicit) {
        boolean sse = event.contentType() != null
                && event.contentType().toLowerCase(Locale.ROOT).startsWith("text/event-stream");
        JsonNode body = null;
        if (!sse) {
            try {
                body = JSON.readTree(event.body());
            } catch (IOException e) {
                throw ProblemException.badRequest("the " + event.half() + " event's body is not JSON: "
                        + firstLine(e));
            }
            if (body == null || !body.isObject()) {
                throw ProblemException.badRequest("the " + event.half() + " event's body is not a JSON object");
            }
        } else if (event.half() == InferenceEvent.Half.request) {
            throw ProblemException.badRequest("the request event's body is an event stream, not a JSON request");
        }
        if (event.half() != InferenceEvent.Half.request || explicit != null) {
            return null;
        }
        JsonNode inputs = body.get("inputs");
        if (inputs != null) {
            // OIP's inputs are named tensors; KServe v1 also reads plain rows under "inputs" (as under "instances")
            boolean tensors = inputs.isArray() && !inputs.isEmpty() && inputs.get(0).isObject()
                    && inputs.get(0).has("datatype");
            return (tensors ? Protocol.OIP : Protocol.KSERVE_V1).wireName();
        }
        if (body.has("instances")) {
            return Protocol.KSERVE_V1.wireName();
        }
        throw ProblemException.unprocessable("cannot tell the protocol of the request event: it has neither "
                + "'inputs' (Open Inference Protocol) nor 'instances' (KServe v1); name it with ?protocol=oip, "
                + "kserve-v1, openai or torchserve", List.of());
    }

    private ExchangeDecoder decoder(SampleSchema schema, Protocol protocol) {
        return decoders.computeIfAbsent(schema.ref() + "|" + protocol.wireName(),
                k -> ExchangeDecoder.of(protocol, schema.schema()));
    }

    private static Protocol protocol(String name) {
        try {
            return Protocol.of(name.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
    }

    private static String path(Protocol protocol, String name, byte[] requestBody) {
        return switch (protocol) {
            case OIP -> "/v2/models/" + name + "/infer";
            case KSERVE_V1 -> "/v1/models/" + name + ":predict";
            case OPENAI -> hasMessages(requestBody) ? "/v1/chat/completions" : "/v1/completions";
            case TORCHSERVE -> "/predictions/" + name;
        };
    }

    private static boolean hasMessages(byte[] body) {
        try {
            return JSON.readTree(body).has("messages");
        } catch (IOException e) {
            return false;
        }
    }

    /** The pair's rows as the NDJSON sample lines of {@code POST .../samples}. */
    private static byte[] ndjson(List<SampleRow> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (SampleRow r : rows) {
                r.writeJsonLine(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code cloudevent:<ce-id>}, or the id's SHA-256 when it is not a valid Idempotency-Key. */
    static String idempotencyKey(String eventId) {
        if (PRINTABLE.matcher(eventId).matches()) {
            return KEY_PREFIX + eventId;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(eventId.getBytes(StandardCharsets.UTF_8));
            return KEY_PREFIX + "sha256:" + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(IOException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
