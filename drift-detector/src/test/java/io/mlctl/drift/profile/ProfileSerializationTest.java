package io.mlctl.drift.profile;

import io.mlctl.drift.stats.KolmogorovSmirnov;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** toBytes / fromBytes round trips every kind of profile; bad bytes are refused with a clear message. */
class ProfileSerializationTest {

    private static NumericProfile numeric(ProfileMode mode, int n) {
        Random r = new Random(3);
        NumericProfile.Builder b = NumericProfile.builder(mode).referenceBins(10);
        for (int i = 0; i < n; i++) {
            b.add(r.nextGaussian() * 10);
        }
        b.addNulls(4);
        b.add(Double.NaN);
        b.add(Double.NEGATIVE_INFINITY);
        return b.build();
    }

    private static void assertSameNumeric(NumericProfile a, NumericProfile b) {
        assertEquals(a.mode(), b.mode());
        assertEquals(a.count(), b.count());
        assertEquals(a.missing(), b.missing());
        assertArrayEquals(a.edges(), b.edges());
        assertArrayEquals(a.countsIn(a.edges()), b.countsIn(b.edges()));
        if (a.count() > 0) {
            assertEquals(0.0, KolmogorovSmirnov.statistic(a.cdf(), b.cdf()));
        }
        assertEquals(a.min(), b.min());
        assertEquals(a.max(), b.max());
    }

    @Test
    void numericProfilesRoundTrip() {
        for (ProfileMode mode : ProfileMode.values()) {
            for (int n : new int[]{0, 1, 100, 50_000}) {
                NumericProfile p = numeric(mode, n);
                FeatureProfile back = FeatureProfile.fromBytes(p.toBytes());
                assertSameNumeric(p, assertInstanceOf(NumericProfile.class, back));
                // a window (fixed edges) and an unbinned profile too
                NumericProfile.Builder w = p.windowBuilder(mode);
                w.add(1.5);
                NumericProfile window = w.build();
                assertSameNumeric(window, (NumericProfile) FeatureProfile.fromBytes(window.toBytes()));
                NumericProfile.Builder u = NumericProfile.builder(mode);
                u.add(2.5);
                NumericProfile unbinned = u.build();
                NumericProfile back2 = (NumericProfile) FeatureProfile.fromBytes(unbinned.toBytes());
                assertEquals(false, back2.binned());
                assertEquals(1, back2.count());
            }
        }
    }

    @Test
    void streamingProfilesStayCompact() {
        NumericProfile reference = numeric(ProfileMode.STREAMING, 1_000_000);
        NumericProfile.Builder w = reference.windowBuilder(ProfileMode.STREAMING);
        Random r = new Random(1);
        for (int i = 0; i < 1_000_000; i++) {
            w.add(r.nextGaussian());
        }
        assertTrue(reference.toBytes().length < 150_000, "reference " + reference.toBytes().length + " bytes");
        // windows use the reference's k (4096) since W1 on undrifted data needs it (docs/DRIFT.md)
        int window = w.build().toBytes().length;
        assertTrue(window < 150_000, "window " + window + " bytes");
    }

    @Test
    void categoricalProfilesRoundTrip() {
        for (ProfileMode mode : ProfileMode.values()) {
            CategoricalProfile.Builder b = CategoricalProfile.builder(mode);
            b.add("DE", 5);
            b.add("ünïcödé ✓", 2);
            b.add("", 1);
            b.addNulls(3);
            CategoricalProfile p = b.build();
            CategoricalProfile back = (CategoricalProfile) FeatureProfile.fromBytes(p.toBytes());
            assertEquals(p.mode(), back.mode());
            assertEquals(p.count(), back.count());
            assertEquals(p.missing(), back.missing());
            assertEquals(Map.of("DE", 5L, "ünïcödé ✓", 2L, "", 1L), back.counts());
        }
    }

    @Test
    void datasetProfilesRoundTrip() {
        CategoricalProfile.Builder c = CategoricalProfile.builder(ProfileMode.STREAMING);
        c.add("x");
        DatasetProfile d = new DatasetProfile(Map.of("amount", numeric(ProfileMode.STREAMING, 1000),
                "country", c.build()));
        DatasetProfile back = DatasetProfile.fromBytes(d.toBytes());
        assertEquals(d.features().keySet(), back.features().keySet());
        assertSameNumeric((NumericProfile) d.feature("amount"), (NumericProfile) back.feature("amount"));
        assertEquals(1, back.feature("country").count());
    }

    @Test
    void refusesBadBytesAndNewerVersions() {
        byte[] good = numeric(ProfileMode.EXACT, 10).toBytes();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureProfile.fromBytes(new byte[]{1, 2, 3}));
        assertTrue(e.getMessage().contains("not a feature profile"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FeatureProfile.fromBytes(Arrays.copyOf(good, good.length - 3)));
        byte[] future = good.clone();
        future[4] = (byte) (ProfileCodec.VERSION + 1);
        e = assertThrows(IllegalArgumentException.class, () -> FeatureProfile.fromBytes(future));
        assertTrue(e.getMessage().contains("unsupported profile format version"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DatasetProfile.fromBytes(good));
    }
}
