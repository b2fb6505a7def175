package io.mlctl.controlplane.ingest;

import io.mlctl.api.registry.Feature;
import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.api.registry.SchemaFeatureType;
import io.mlctl.controlplane.schema.SampleSchema;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FastLineParser} against the full (Jackson) parse of {@link RowParser}: whatever the fast path accepts, it
 * reads exactly as the full parse does (same doubles to the bit, same time, same request id), and it declines every
 * line the full parse refuses or reads differently.
 */
class FastLineParserTest {
    private static final SampleSchema SCHEMA = SampleSchema.of("s@1", new FeatureSchema("s", null, List.of(
            new Feature("amount", SchemaFeatureType.NUMERIC, -1e6, 1e300, null, null, true, null),
            new Feature("f1", SchemaFeatureType.NUMERIC, null, null, null, null, null, null),
            new Feature("f2", SchemaFeatureType.NUMERIC, null, null, null, null, null, null),
            new Feature("kind", SchemaFeatureType.CATEGORICAL, null, null, List.of("a", "b"), null, null, null)),
            new Feature("score", SchemaFeatureType.NUMERIC, 0.0, 1.0, null, null, null, null), null));

    private final RowParser parser = new RowParser(SCHEMA);

    /** The fast path's answer for a line; when it accepts, its row must be the full parse's. */
    private boolean agrees(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        RowParser.Row fast = new RowParser.Row(parser.width());
        boolean took = parser.fast(b, 0, b.length, fast);
        if (took) {
            RowParser.Row full = new RowParser.Row(parser.width());
            assertNull(parser.full(b, 0, b.length, 1, full), line);
            for (int i = 0; i < parser.width(); i++) {
                Object f = fast.value(i);
                Object g = full.value(i);
                if (f instanceof Double x && g instanceof Double y) {
                    assertEquals(Double.doubleToRawLongBits(y), Double.doubleToRawLongBits(x), line + " column " + i);
                } else {
                    assertEquals(g, f, line + " column " + i);
                }
                assertEquals(full.seen[i], fast.seen[i], line);
            }
            assertEquals(full.ts, fast.ts, line);
            assertEquals(full.requestId, fast.requestId, line);
        }
        return took;
    }

    @Test
    void theCommonShapeTakesTheFastPathAndReadsAsTheFullParse() {
        assertTrue(agrees("{\"ts\":\"2026-12-02T04:15:37.123Z\",\"features\":{\"amount\":12.5,\"f1\":-3,\"f2\":1e-3},"
                + "\"prediction\":0.25}"));
        assertTrue(agrees(" { \"features\" : { \"f2\" : 0 , \"amount\" : 7 } , \"request_id\" : \"r-1\" } \r"));
        assertTrue(agrees("{\"features\":{\"amount\":1},\"ts\":\"2026-12-02T04:15:37+01:00\"}"));
        assertTrue(agrees("{\"features\":{\"amount\":-0},\"prediction\":1}"));
        assertTrue(agrees("{\"features\":{\"amount\":-0.0,\"f1\":123456789012345678}}"));
        assertTrue(agrees("{\"features\":{\"amount\":3}}"));
        // timestamps of one second and offset share one full parse: every fraction must come out as its own parse
        for (String ts : List.of("2026-12-02T04:15:37Z", "2026-12-02T04:15:37.5Z", "2026-12-02T04:15:37.000000001Z",
                "2026-12-02T04:15:37.999999999Z", "2026-12-02T04:15:37.12Z", "2026-12-02T04:15:38.1Z",
                "2026-12-02T04:15:38.1+05:30", "2026-12-02T04:15:38.25+05:30", "2026-12-02T04:15:38.25-05:30")) {
            String line = "{\"ts\":\"" + ts + "\",\"features\":{\"amount\":1}}";
            assertTrue(agrees(line), line);
            RowParser.Row row = new RowParser.Row(parser.width());
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            parser.fast(b, 0, b.length, row);
            assertEquals(OffsetDateTime.parse(ts).toInstant(), row.ts, ts);
        }
    }

    @Test
    void randomNumbersReadToTheSameBitsAsJackson() {
        Random r = new Random(7);
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double v = switch (i % 6) {
                case 0 -> r.nextGaussian() * 10;
                case 1 -> r.nextDouble() * 1e6;
                case 2 -> Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL); // any finite magnitude
                case 3 -> r.nextInt(2_000_000) - 1_000_000;
                case 4 -> r.nextDouble() * 1e-300;
                default -> Math.scalb(r.nextDouble(), -1070); // subnormals
            };
            numbers.add(Double.toString(v));
            numbers.add(String.format(Locale.ROOT, "%.4f", v));
            numbers.add(String.format(Locale.ROOT, "%.17e", v));
            numbers.add(Long.toString((long) v));
        }
        numbers.addAll(List.of("0", "-0", "0.0", "-0.0", "9007199254740993", "-9007199254740993",
                "999999999999999999", "1E5", "1e+5", "1E-5", "0.1e2", "1.7976931348623157e308", "4.9e-324",
                "2.4703282292062328e-324", "2.4703282292062327e-324"));
        int fast = 0;
        for (String n : numbers) {
            if (agrees("{\"features\":{\"amount\":0,\"f1\":" + n + "}}")) {
                fast++;
            }
        }
        // declined: integers beyond 18 digits (the saturated longs of the huge magnitudes), left to Jackson
        assertTrue(fast > numbers.size() * 0.95, fast + " of " + numbers.size());
    }

    @Test
    void everythingElseIsLeftToTheFullParse() {
        for (String line : List.of(
                "{\"features\":{\"amount\":01}}", "{\"features\":{\"amount\":1.}}", "{\"features\":{\"amount\":.5}}",
                "{\"features\":{\"amount\":+1}}", "{\"features\":{\"amount\":NaN}}", "{\"features\":{\"amount\":-}}",
                "{\"features\":{\"amount\":1x}}", "{\"features\":{\"amount\":1e}}", "{\"features\":{\"amount\":null}}",
                "{\"features\":{\"amount\":\"1\"}}", "{\"features\":{\"amount\":true}}",
                "{\"features\":{\"amount\":1234567890123456789}}", "{\"features\":{\"amount\":-2e6}}",
                "{\"features\":{\"amount\":1,\"amount\":2}}", "{\"features\":{\"amount\":1,\"x\":2}}",
                "{\"features\":{\"amount\":1,}}", "{\"features\":{\"amount\":1 \"f1\":2}}",
                "{\"features\":{\"amount\":1,\"kind\":\"a\"}}", "{\"features\":{\"am\\u006funt\":1}}",
                "{\"features\":{\"amount\":1}}}", "{\"features\":{\"amount\":1}} x", "{\"features\":{\"amount\":1}",
                "{\"features\":{\"amount\":1},\"features\":{\"f1\":1}}", "{\"features\":{\"amount\":1},\"extra\":1}",
                "{\"features\":{\"amount\":1},\"id\":\"x\"}", "{\"features\":{\"amount\":1},\"request_id\":\"\"}",
                "{\"features\":{\"amount\":1},\"request_id\":7}", "{\"features\":{\"amount\":1},\"prediction\":2}",
                "{\"features\":{\"amount\":1},\"prediction\":null}", "{\"features\":[1]}", "{\"features\":null}",
                "{\"ts\":\"2026-12-02 04:15:37Z\",\"features\":{\"amount\":1}}",
                "{\"ts\":\"2026-12-02T04:15:37\\u005a\",\"features\":{\"amount\":1}}",
                "{\"ts\":null,\"features\":{\"amount\":1}}", "{\"ts\":\"2026-12-02T04:15:37.1234567891Z\",\"features\":{}}",
                "{\"features\":{\"amount\":1},\"request_id\":\"r\u00e9\"}", "[1]", "", "  ", "{\"features\":{\"amount\":1},}")) {
            assertFalse(agrees(line), line);
        }
    }
}
