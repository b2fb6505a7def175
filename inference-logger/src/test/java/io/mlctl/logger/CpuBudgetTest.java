package io.mlctl.logger;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The budget's control logic, on a clock and a CPU counter the test moves by hand (no timing). */
class CpuBudgetTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final AtomicLong cpu = new AtomicLong(5_000_000L);

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** One window of 1 s in which the shipper used {@code cpuMs} of CPU; the WARN line, if any. */
    private String window(CpuBudget b, long cpuMs) {
        clock.addAndGet(1000 * MS);
        cpu.addAndGet(cpuMs * MS);
        return b.update();
    }

    @Test
    void withinTheBudgetEverySampledRequestIsLogged() {
        CpuBudget b = new CpuBudget(0.25, clock::get, cpu::get);
        assertNull(b.update()); // the first call starts the window
        for (int i = 0; i < 5; i++) {
            assertNull(window(b, 200));
            assertEquals(1.0, b.share());
        }
        assertEquals(0.2, b.used(), 1e-9);
        assertTrue(b.healthJson().contains("\"shedding\":false"), b.healthJson());
    }

    @Test
    void overTheBudgetTheShareFallsInProportionAndRecoversAtMostDoublingPerWindow() {
        CpuBudget b = new CpuBudget(0.25, clock::get, cpu::get);
        b.update();
        window(b, 1000); // a whole core: four times the budget
        assertEquals(0.25, b.share(), 1e-9);
        assertEquals(1.0, b.used(), 1e-9);
        window(b, 500); // still twice the budget at a quarter of the load
        assertEquals(0.125, b.share(), 1e-9);
        window(b, 125); // half the budget: the share doubles, not quadruples
        assertEquals(0.25, b.share(), 1e-9);
        window(b, 0); // idle
        assertEquals(0.5, b.share(), 1e-9);
        window(b, 0);
        window(b, 0);
        assertEquals(1.0, b.share(), 1e-9);
    }

    @Test
    void theShareNeverFallsBelowItsFloor() {
        CpuBudget b = new CpuBudget(0.001, clock::get, cpu::get);
        b.update();
        for (int i = 0; i < 10; i++) {
            window(b, 1000);
        }
        assertEquals(CpuBudget.MIN_SHARE, b.share(), 1e-12);
    }

    @Test
    void nothingIsMeasuredBeforeTheWindowIsOver() {
        CpuBudget b = new CpuBudget(0.25, clock::get, cpu::get);
        b.update();
        clock.addAndGet(999 * MS);
        cpu.addAndGet(999 * MS);
        assertNull(b.update());
        assertEquals(1.0, b.share());
        clock.addAndGet(MS);
        cpu.addAndGet(MS);
        b.update();
        assertEquals(0.25, b.share(), 1e-9);
    }

    @Test
    void aBudgetOfAWholeCoreNeverShedsNorReadsTheCpu() {
        CpuBudget b = new CpuBudget(1.0, clock::get, () -> {
            throw new AssertionError("the CPU time is not read when the budget is off");
        });
        assertFalse(b.enabled());
        b.update();
        clock.addAndGet(5000 * MS);
        assertNull(b.update());
        assertEquals(1.0, b.share());
    }

    @Test
    void shedPairsAreCountedAndReportedOncePerReportInterval() {
        CpuBudget b = new CpuBudget(0.25, clock::get, cpu::get);
        b.update();
        window(b, 1000);
        for (int i = 0; i < 7; i++) {
            b.shed();
        }
        assertEquals(7, b.shedTotal());
        String warn = null;
        for (int i = 2; i <= 10; i++) {
            String w = window(b, 1000);
            if (i < 10) {
                assertNull(w, "no line before 10 s");
            } else {
                warn = w;
            }
        }
        assertNotNull(warn);
        assertTrue(warn.startsWith("mlctl logger: WARN: 7 sampled requests were not logged in the last 10 s"), warn);
        assertTrue(warn.contains("--logging-cpu-budget 0.25"), warn);
        // the next report interval without shedding says nothing
        for (int i = 0; i < 10; i++) {
            assertNull(window(b, 0));
        }
        assertEquals(7, b.shedTotal());
        assertTrue(b.healthJson().contains("\"shedTotal\":7"), b.healthJson());
    }

    @Test
    void sheddingByIdHashKeepsTwoLoggersNestedAndWithoutSheddingIsExactlySampling() {
        double rate = 0.5;
        int logged = 0;
        for (int i = 0; i < 20_000; i++) {
            String id = "req-" + i;
            boolean sampled = RequestIds.sampled(id, rate);
            // a share of 1 is the sampling decision itself: a shadow's two loggers log the same requests
            assertEquals(sampled, RequestIds.sampled(id, rate * 1.0));
            // a logger shedding more logs a subset of what one shedding less logs
            boolean keptAtHalf = RequestIds.sampled(id, rate * 0.5);
            boolean keptAtQuarter = RequestIds.sampled(id, rate * 0.25);
            assertTrue(!keptAtQuarter || keptAtHalf, id);
            assertTrue(!keptAtHalf || sampled, id);
            if (keptAtHalf) {
                logged++;
            }
        }
        // and the share is what it says (binomial, 20,000 draws at 0.25: sd ~ 61)
        assertTrue(Math.abs(logged - 5000) < 400, "logged " + logged);
    }
}
