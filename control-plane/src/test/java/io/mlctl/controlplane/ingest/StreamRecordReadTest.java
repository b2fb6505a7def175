package io.mlctl.controlplane.ingest;

import io.mlctl.api.registry.Feature;
import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.api.registry.SchemaFeatureType;
import io.mlctl.controlplane.schema.SampleSchema;
import io.mlctl.controlplane.window.Windowing;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@link SampleReader#readRecord}, the Kafka consumer's per-record path: a record's rows are all kept or none, with the
 * checks of an HTTP batch.
 */
class StreamRecordReadTest {
    private static final SampleSchema SCHEMA = SampleSchema.of("s@1", new FeatureSchema("s", null, List.of(
            new Feature("amount", SchemaFeatureType.NUMERIC, 0.0, null, null, null, true, null)),
            new Feature("score", SchemaFeatureType.NUMERIC, 0.0, 1.0, null, null, null, null), null));
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private final SampleReader reader = new SampleReader(SCHEMA, new Windowing("5m", "1m"), 1000, 100);
    private final SampleReader.ParsedBatch batch = new SampleReader.ParsedBatch();
    private final EnumMap<RejectReason, Long> late = new EnumMap<>(RejectReason.class);

    private RowError read(String record) {
        return reader.readRecord(record.getBytes(StandardCharsets.UTF_8), NOW, batch, late);
    }

    @Test
    void goodLinesAreAddedAndBlankLinesSkipped() {
        assertNull(read("{\"ts\":\"2026-12-02T09:59:00Z\",\"features\":{\"amount\":1},\"prediction\":0.5}\n\n"
                + "{\"features\":{\"amount\":2.5}}\r\n"));
        assertEquals(2, batch.accepted());
        assertEquals(2, batch.windows.size()); // 09:55 and 10:00 (no ts: the receipt time)
    }

    @Test
    void oneBadLineRefusesTheWholeRecord() {
        assertNull(read("{\"features\":{\"amount\":1}}"));
        RowError e = read("{\"features\":{\"amount\":1}}\n{\"features\":{\"amount\":-1}}\n");
        assertEquals(2, e.line());
        assertEquals(RejectReason.OUT_OF_DOMAIN, e.kind());
        assertEquals(1, batch.accepted());
        assertEquals(RejectReason.MISSING_REQUIRED, read("{\"features\":{}}").kind());
        assertEquals(RejectReason.MALFORMED, read("{\"features\":{\"amount\":1}").kind());
        assertEquals(RejectReason.UNKNOWN_FIELD, read("{\"features\":{\"amount\":1,\"x\":2}}").kind());
        assertEquals(1, batch.accepted());
    }

    @Test
    void lateLinesAreCountedAndTheOthersKept() {
        assertNull(read("{\"ts\":\"2026-12-02T08:00:00Z\",\"features\":{\"amount\":1}}\n"
                + "{\"ts\":\"2026-12-02T09:59:59Z\",\"features\":{\"amount\":2}}"));
        assertEquals(1, batch.accepted());
        assertEquals(1L, late.get(RejectReason.LATE));
        assertEquals(RejectReason.BAD_TIMESTAMP,
                read("{\"ts\":\"2026-12-02T11:00:00Z\",\"features\":{\"amount\":1}}").kind());
    }

    @Test
    void notUtf8EmptyTooLongAndTooLargeRecordsAreRefused() {
        byte[] bad = "{\"features\":{\"amount\":1},\"id\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        bad[bad.length - 3] = (byte) 0xff;
        RowError e = reader.readRecord(bad, NOW, batch, late);
        assertEquals(RejectReason.MALFORMED, e.kind());
        assertEquals(RejectReason.MALFORMED, read(" \n\r\n").kind());
        assertEquals(RejectReason.LINE_TOO_LONG, read("{\"features\":{\"amount\":1},\"id\":\"" + "x".repeat(100)
                + "\"}").kind());
        assertEquals(RejectReason.MALFORMED, read("{\"features\":{\"amount\":1}}\n".repeat(40)).kind());
        assertEquals(0, batch.accepted());
    }
}
