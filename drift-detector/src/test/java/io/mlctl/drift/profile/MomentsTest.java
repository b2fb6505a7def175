package io.mlctl.drift.profile;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streamed moments (the standard deviation that normalizes the Wasserstein distance): equal to the two-pass values of
 * the raw data, also far from zero, across merges in any order, through the stored bytes; and estimated from the
 * sketch for profiles stored before moments were (format version 1).
 */
class MomentsTest {

    private static double[] values(int n, double offset, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = offset + 3 * r.nextGaussian();
        }
        return v;
    }

    private static NumericProfile streaming(double[] v, int from, int to) {
        NumericProfile.Builder b = NumericProfile.builder(ProfileMode.STREAMING).edges(new double[]{0});
        b.addAll(v, from, to);
        return b.build();
    }

    @Test
    void streamedMomentsMatchTwoPassOnesAcrossMergesAndBytes() {
        for (double offset : new double[]{0, 1e6, -2.5e9}) {
            double[] v = values(30_000, offset, 7);
            Moments exact = Moments.of(v, v.length);
            NumericProfile a = streaming(v, 0, 10_000);
            NumericProfile b = streaming(v, 10_000, 12_345);
            NumericProfile c = streaming(v, 12_345, 30_000);
            NumericProfile merged = c.merge(a).merge(b);
            Moments m = ((NumericProfile) FeatureProfile.fromBytes(merged.toBytes())).moments();
            assertEquals(30_000, m.count());
            assertEquals(exact.mean(), m.mean(), 1e-12 * Math.max(1, Math.abs(offset)));
            assertEquals(exact.std(), m.std(), 1e-9 * exact.std(), "offset " + offset);
            // an exact profile computes them from its values
            NumericProfile.Builder e = NumericProfile.builder(ProfileMode.EXACT);
            e.addAll(v, 0, v.length);
            Moments fromValues = e.build().moments(); // summed in sorted order: equal up to rounding
            assertEquals(exact.count(), fromValues.count());
            assertEquals(exact.std(), fromValues.std(), 1e-9 * exact.std());
        }
        assertEquals(0.0, streaming(new double[]{4, 4, 4}, 0, 3).moments().std());
        assertTrue(Double.isNaN(streaming(new double[0], 0, 0).moments().std()));
    }

    @Test
    void aVersionOneProfileEstimatesItsMomentsFromTheSketch() throws IOException {
        double[] v = values(20_000, 10, 3);
        NumericProfile p = streaming(v, 0, v.length);
        byte[] bytes = p.toBytes();
        // the same profile as format version 1 wrote it: version byte 1, no mean and M2 after the sketch
        byte[] v1 = Arrays.copyOf(bytes, bytes.length - 16);
        v1[4] = 1;
        NumericProfile old = (NumericProfile) FeatureProfile.fromBytes(v1);
        double exactStd = Moments.of(v, v.length).std();
        assertEquals(exactStd, old.moments().std(), 0.02 * exactStd);
        assertEquals(p.count(), old.count());
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        new DataOutputStream(sink).write(old.toBytes()); // written again, as version 2
        assertEquals(ProfileCodec.VERSION, sink.toByteArray()[4]);
    }
}
