package io.mlctl.controlplane.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.api.kafka.SubscriptionFormat;
import io.mlctl.controlplane.ingest.RejectReason;
import io.mlctl.controlplane.ingest.RowError;
import io.mlctl.controlplane.schema.SampleSchema;
import io.mlctl.controlplane.ingest.StreamIngest;
import io.mlctl.protocol.Exchange;
import io.mlctl.protocol.ExchangeDecoder;
import io.mlctl.protocol.Protocol;
import io.mlctl.protocol.SampleRow;
import io.mlctl.protocol.UndecodableException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns one record of a {@code mlctl} or {@code oip} topic into sample lines of a version's fold (docs/KAFKA.md,
 * "Formats"):
 * <ul>
 *   <li>{@code mlctl}: the value is one or more NDJSON sample lines, exactly the body of {@code POST .../samples};</li>
 *   <li>{@code oip}: the value is a JSON object {@code {"request": <OIP v2 request>, "response": <OIP v2 response>,
 *   "id": "<request id>", "ts": "<RFC 3339>"}} ({@code id} and {@code ts} optional: the record's key and timestamp
 *   stand in), decoded through the version's schema like the inference logger does.</li>
 * </ul>
 */
final class RecordDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Decoders per schema (name@N is immutable, so entries never go stale). */
    private final Map<String, ExchangeDecoder> decoders = new ConcurrentHashMap<>();

    /** Adds the record to the fold; answers why it was refused, or null. */
    RowError add(SubscriptionFormat format, ConsumerRecord<byte[], byte[]> record, StreamIngest.Fold fold) {
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            return new RowError(1, null, "the record has no value", RejectReason.MALFORMED);
        }
        return switch (format) {
            case mlctl -> fold.add(value);
            case oip -> oip(record, fold);
            case cloudevents -> throw new IllegalArgumentException("CloudEvents records are paired, not decoded alone");
        };
    }

    private RowError oip(ConsumerRecord<byte[], byte[]> record, StreamIngest.Fold fold) {
        JsonNode pair;
        try {
            pair = JSON.readTree(record.value());
        } catch (IOException e) {
            return new RowError(1, null, "malformed JSON: " + firstLine(e), RejectReason.MALFORMED);
        }
        if (pair == null || !pair.isObject() || !pair.path("request").isObject() || !pair.path("response").isObject()) {
            return new RowError(1, null, "an oip record is a JSON object with the objects 'request' and 'response'",
                    RejectReason.MALFORMED);
        }
        String id = pair.path("id").isTextual() ? pair.get("id").asText()
                : record.key() != null ? new String(record.key(), StandardCharsets.UTF_8)
                : record.topic() + "-" + record.partition() + "-" + record.offset();
        Instant ts = Instant.ofEpochMilli(record.timestamp());
        if (pair.has("ts")) {
            try {
                ts = Instant.parse(pair.get("ts").asText());
            } catch (DateTimeParseException e) {
                return new RowError(1, "ts", "ts is not an RFC 3339 time: " + pair.get("ts"),
                        RejectReason.BAD_TIMESTAMP);
            }
        }
        List<SampleRow> rows;
        try {
            byte[] request = JSON.writeValueAsBytes(pair.get("request"));
            byte[] response = JSON.writeValueAsBytes(pair.get("response"));
            rows = decoder(fold.schema()).decode(new Exchange("POST", "/v2/models/" + fold.model() + "/infer",
                    "application/json", request, 200, "application/json", response, id, ts, Double.NaN, Double.NaN));
        } catch (UndecodableException e) {
            return new RowError(1, null, "the OIP pair cannot be decoded: " + e.getMessage(),
                    RejectReason.UNDECODABLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (rows.isEmpty()) {
            return new RowError(1, null, "the OIP pair holds no rows", RejectReason.UNDECODABLE);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            for (SampleRow r : rows) {
                r.writeJsonLine(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fold.add(out.toByteArray());
    }

    private ExchangeDecoder decoder(SampleSchema schema) {
        return decoders.computeIfAbsent(schema.ref(), k -> ExchangeDecoder.of(Protocol.OIP, schema.schema()));
    }

    private static String firstLine(IOException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
