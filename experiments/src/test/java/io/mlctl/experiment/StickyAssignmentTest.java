package io.mlctl.experiment;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fixed vectors so Python/Go callers can check their implementation. The hashes of "", "hello", "foo" and the fox
 * sentence are the published MurmurHash3_x86_32 seed-0 values (mmh3.hash("foo") == -156908512); the assignment
 * vectors were computed with an independent pure-Python implementation of the rule in {@link StickyAssignment}.
 */
class StickyAssignmentTest {

    @Test
    void hashIsMurmurHash3X86With32BitsAndSeedZero() {
        assertEquals(0L, StickyAssignment.hash("", ""));
        assertEquals(0x248bfa47L, StickyAssignment.hash("hel", "lo"));
        assertEquals(4138058784L, StickyAssignment.hash("", "foo"));
        assertEquals(0x2e4ff723L, StickyAssignment.hash("The quick brown fox ", "jumps over the lazy dog"));
    }

    @Test
    void bucketVectors() {
        assertEquals(1462251729L, StickyAssignment.hash("exp-42", "user-1"));
        assertEquals(34, StickyAssignment.bucket("exp-42", "user-1", 100));
        assertEquals(0, StickyAssignment.bucket("exp-42", "user-2", 100));
        assertEquals(87, StickyAssignment.bucket("exp-42", "user-3", 100));
        assertEquals(9, StickyAssignment.bucket("fraud-ab", "42", 10));
        assertEquals(3665430451L, StickyAssignment.hash("s", "ünïcødé"));
        assertEquals(853, StickyAssignment.bucket("s", "ünïcødé", 1000));
    }

    @Test
    void armVectors() {
        List<StickyAssignment.WeightedArm> half = List.of(arm("control", 50), arm("treatment", 50));
        assertEquals("control", StickyAssignment.arm("exp-42", "user-1", half));     // bucket 34
        assertEquals("control", StickyAssignment.arm("exp-42", "user-2", half));     // bucket 0
        assertEquals("treatment", StickyAssignment.arm("exp-42", "user-3", half));   // bucket 87
        List<StickyAssignment.WeightedArm> ninety = List.of(arm("control", 9), arm("treatment", 1));
        assertEquals("treatment", StickyAssignment.arm("fraud-ab", "42", ninety));   // bucket 9 of 10
    }

    @Test
    void splitIsHonouredAndSticky() {
        List<StickyAssignment.WeightedArm> arms = List.of(arm("control", 80), arm("treatment", 20));
        int treatment = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            String a = StickyAssignment.arm("salt-1", "u" + i, arms);
            assertEquals(a, StickyAssignment.arm("salt-1", "u" + i, arms));
            if (a.equals("treatment")) {
                treatment++;
            }
        }
        // 20% +- 5 standard deviations (sd = sqrt(n 0.2 0.8) ~ 126)
        assertTrue(Math.abs(treatment - 20_000) < 650, String.valueOf(treatment));
    }

    @Test
    void badInput() {
        assertThrows(ExperimentInputException.class, () -> arm("control", 0));
        assertThrows(ExperimentInputException.class, () -> StickyAssignment.arm("s", "", List.of(arm("a", 1))));
        assertThrows(ExperimentInputException.class, () -> StickyAssignment.arm("s", "u", List.of()));
    }

    private static StickyAssignment.WeightedArm arm(String name, int weight) {
        return new StickyAssignment.WeightedArm(name, weight);
    }
}
