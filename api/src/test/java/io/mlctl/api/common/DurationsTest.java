package io.mlctl.api.common;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurationsTest {
    @Test
    void parsesGoStyleDurations() {
        assertEquals(Duration.ofMinutes(10), Durations.parse("10m"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
        assertEquals(Duration.ofDays(14), Durations.parse("14d"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1s500ms"));
        assertEquals(Duration.ZERO, Durations.parse("0s"));
    }

    @Test
    void rejectsOtherForms() {
        for (String bad : new String[]{"", "10", "PT10M", "10 m", "1.5h", "-1m", "10M", "h"}) {
            assertFalse(Durations.isValid(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad), bad);
        }
    }

    @Test
    void formatsLargestUnitsFirst() {
        assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
        assertEquals("14d", Durations.format(Duration.ofDays(14)));
        assertEquals("45s", Durations.format(Duration.ofSeconds(45)));
        assertEquals("0s", Durations.format(Duration.ZERO));
        assertEquals(Duration.ofSeconds(3725), Durations.parse(Durations.format(Duration.ofSeconds(3725))));
    }
}
