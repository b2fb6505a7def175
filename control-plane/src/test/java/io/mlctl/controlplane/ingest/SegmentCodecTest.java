package io.mlctl.controlplane.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The segments' binary forms read back what was written, and the key-hash set behaves as a set. */
class SegmentCodecTest {

    @Test
    void labelSegmentRoundTrip() {
        LabelSegment.Writer w = new LabelSegment.Writer();
        String longKey = "k".repeat(72);
        w.add(KeyHashTable.hash("r-1"), "r-1", 1_000, 0.75, null, 1.0, "1", 5_000, false);
        w.add(KeyHashTable.hash("€-ünï"), "€-ünï", 3_000, null, "cat", null, "dög", 6_000, true);
        for (int i = 0; i < 3000; i++) { // grows the buffer many times
            w.add(KeyHashTable.hash(longKey + i), longKey + i, 2_000, -0.0, null, 0.0, "0", 7_000, false);
        }
        assertEquals(3002, w.entries());
        assertEquals(3_000, w.newestSampleTs());
        LabelSegment.Cursor k = new LabelSegment.Cursor(w.bytes());
        assertTrue(k.next());
        assertEquals("r-1", k.requestKey());
        assertArrayEquals(KeyHashTable.hash("r-1"), new long[]{k.hashHigh(), k.hashLow()});
        assertEquals(1_000, k.sampleTs());
        assertEquals(0.75, k.predictionNumber());
        assertNull(k.predictionText());
        assertEquals(1.0, k.labelNumber());
        assertEquals("1", k.labelText());
        assertTrue(k.labelIs("1".getBytes(StandardCharsets.UTF_8)));
        assertFalse(k.labelIs("10".getBytes(StandardCharsets.UTF_8)));
        assertEquals(5_000, k.labelTs());
        assertFalse(k.replaces());
        assertTrue(k.next());
        assertEquals("€-ünï", k.requestKey());
        assertNull(k.predictionNumber());
        assertEquals("cat", k.predictionText());
        assertNull(k.labelNumber());
        assertEquals("dög", k.labelText());
        assertTrue(k.replaces());
        for (int i = 0; i < 3000; i++) {
            assertTrue(k.next());
            assertEquals(longKey + i, k.requestKey());
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(k.predictionNumber()));
        }
        assertFalse(k.next());
    }

    @Test
    void predictionSegmentRoundTrip() {
        PredictionSegment.Writer w = new PredictionSegment.Writer();
        for (int i = 0; i < 1000; i++) {
            w.add(KeyHashTable.hash("p" + i), 10L * i, i % 3 == 0 ? null : i / 1000.0);
        }
        assertEquals(1000, w.entries());
        assertEquals(9_990, w.newestSampleTs());
        PredictionSegment.Cursor p = new PredictionSegment.Cursor(w.bytes());
        for (int i = 0; i < 1000; i++) {
            assertTrue(p.next());
            assertArrayEquals(KeyHashTable.hash("p" + i), new long[]{p.hashHigh(), p.hashLow()});
            assertEquals(10L * i, p.sampleTs());
            if (i % 3 == 0) {
                assertTrue(Double.isNaN(p.value()));
            } else {
                assertEquals(i / 1000.0, p.value());
            }
        }
        assertFalse(p.next());
        byte[] unknown = w.bytes();
        unknown[3] = 9;
        assertThrows(IllegalStateException.class, () -> new PredictionSegment.Cursor(unknown));
    }

    @Test
    void keyHashTableIsASetAndAMapThroughGrowth() {
        KeyHashTable set = new KeyHashTable();
        List<long[]> hashes = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            hashes.add(KeyHashTable.hash("req-" + i));
        }
        for (long[] h : hashes) {
            assertTrue(set.add(h[0], h[1]));
        }
        for (long[] h : hashes) {
            assertFalse(set.add(h[0], h[1]), "already there");
            assertTrue(set.contains(h[0], h[1]));
        }
        assertEquals(100_000, set.size());
        for (int i = 0; i < 100_000; i++) {
            long[] h = KeyHashTable.hash("other-" + i);
            assertFalse(set.contains(h[0], h[1]));
        }
        assertArrayEquals(KeyHashTable.hash("req-1"), KeyHashTable.hash("req-1"));

        KeyHashTable map = new KeyHashTable(2);
        for (int i = 0; i < 50_000; i++) {
            long[] h = hashes.get(i);
            int slot = map.put(h[0], h[1]);
            map.value(slot, 0, i);
            map.value(slot, 1, -i);
        }
        assertEquals(-1 - map.find(hashes.get(7)[0], hashes.get(7)[1]), map.put(hashes.get(7)[0], hashes.get(7)[1]));
        for (int i = 0; i < 50_000; i++) {
            int slot = map.find(hashes.get(i)[0], hashes.get(i)[1]);
            assertEquals(i, map.value(slot, 0), "values move with their keys when the table grows");
            assertEquals(-i, map.value(slot, 1));
        }
        assertEquals(-1, map.find(hashes.get(60_000)[0], hashes.get(60_000)[1]));
    }
}
