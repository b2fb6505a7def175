package io.mlctl.quality;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule of {@link CalibrationCheck}: material (ECE) and real (test) miscalibration, nothing less. */
class CalibrationCheckTest {

    @Test
    void smallCalibratedReferenceWithNoisyEceIsTrusted() {
        // 150 calibrated rows: the sample ECE is mostly sampling noise (about 0.08), the test rarely rejects (1%)
        int trustedWithEceAboveGate = 0;
        int trusted = 0;
        for (long seed = 1; seed <= 30; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            double[] p = new double[150];
            boolean[] y = new boolean[150];
            for (int i = 0; i < p.length; i++) {
                p[i] = r.nextDouble();
                y[i] = r.nextDouble() < p[i];
            }
            CalibrationReport c = CalibrationCheck.DEFAULT.check(p, y);
            if (c.ece() > 0.05 && c.trusted()) {
                trustedWithEceAboveGate++;
            }
            if (c.trusted()) {
                trusted++;
            }
        }
        // the ECE alone would have condemned most of these; with the test, at most a few of 30 (binomial, p = 0.01)
        assertTrue(trustedWithEceAboveGate >= 15, trustedWithEceAboveGate + " of 30 trusted despite ECE > 0.05");
        assertTrue(trusted >= 28, trusted + " of 30 calibrated references trusted");
    }

    @Test
    void slightMiscalibrationOnAHugeReferenceIsTrusted() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 400_000;
        double[] p = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            p[i] = 0.05 + 0.9 * r.nextDouble();
            y[i] = r.nextDouble() < p[i] + 0.02; // 2 points off everywhere: real, but harmless
        }
        CalibrationReport c = CalibrationCheck.DEFAULT.check(p, y);
        assertTrue(c.pValue() < 1e-6, "the test sees it: p = " + c.pValue());
        assertTrue(c.ece() < 0.05);
        assertTrue(c.trusted(), c.reason());
        assertEquals(10, c.degreesOfFreedom());
    }

    @Test
    void tableAndThresholds() {
        double[] p = {0.05, 0.05, 0.15, 0.95, 1.0, 0.95};
        boolean[] y = {false, true, false, true, true, true};
        CalibrationBins bins = new CalibrationBins();
        for (int i = 0; i < p.length; i++) {
            bins.add(p[i], y[i]);
        }
        var table = bins.table();
        assertEquals(3, table.size());
        assertEquals(0, table.get(0).index());
        assertEquals(2, table.get(0).count());
        assertEquals(0.5, table.get(0).observedRate());
        assertEquals(0.05, table.get(0).meanScore(), 1e-15);
        assertEquals(9, table.get(2).index(), "1.0 falls in the last bin");
        assertEquals(3, table.get(2).count());
        assertEquals(0.9, table.get(2).lower());
        assertEquals(1.0, table.get(2).upper());
        CalibrationReport c = CalibrationCheck.DEFAULT.check(bins);
        assertEquals(CalibrationReport.Verdict.TOO_FEW_ROWS, c.verdict());
        assertFalse(c.trusted());
    }

    @Test
    void certainScoresThatAreWrongAreInfinitelyMiscalibrated() {
        double[] p = new double[200];
        boolean[] y = new boolean[200];
        for (int i = 0; i < p.length; i++) {
            p[i] = i % 2;
            y[i] = i % 4 < 2; // half of the certain scores are wrong
        }
        CalibrationReport c = CalibrationCheck.DEFAULT.check(p, y);
        assertEquals(Double.POSITIVE_INFINITY, c.statistic());
        assertEquals(0, c.pValue());
        assertEquals(CalibrationReport.Verdict.MISCALIBRATED, c.verdict());
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> new CalibrationCheck(0.05, 0, 100));
        assertThrows(IllegalArgumentException.class,
                () -> CalibrationCheck.DEFAULT.check(new double[] {1.5}, new boolean[] {true}));
        assertThrows(IllegalArgumentException.class,
                () -> CalibrationCheck.DEFAULT.check(new double[] {0.5}, new boolean[0]));
    }
}
