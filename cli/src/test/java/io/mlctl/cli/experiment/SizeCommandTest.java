package io.mlctl.cli.experiment;

import io.mlctl.cli.CliRun;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SizeCommandTest {

    static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void proportionRelativeMdeAsJson() throws Exception {
        CliRun r = run("experiments", "size", "--baseline", "0.1", "--mde-relative", "0.1", "--output", "json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(14751, r.json().get("control").asLong());
        assertEquals(14751, r.json().get("treatment").asLong());
        assertEquals("proportion", r.json().get("metric").asText());
    }

    @Test
    void proportionAbsoluteMdeWithRatioAlphaPower() throws Exception {
        CliRun r = run("experiments", "size", "--baseline", "0.1", "--mde-absolute", "0.02", "--ratio", "3", "-o", "json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(2600, r.json().get("control").asLong());
        assertEquals(7800, r.json().get("treatment").asLong());
        r = run("experiments", "size", "--baseline", "0.2", "--mde-absolute", "0.02", "--alpha", "0.01", "--power", "0.9", "-o", "json");
        assertEquals(12340, r.json().get("control").asLong());
    }

    @Test
    void meansAsYamlAndTable() throws Exception {
        CliRun r = run("experiments", "size", "--sigma", "35", "--mde-absolute", "2", "--output", "yaml");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("control: 4808"), r.out());
        assertTrue(r.out().contains("metric: mean"), r.out());
        r = run("experiments", "size", "--sigma", "35", "--mde-absolute", "2");
        assertTrue(r.out().matches("(?s).*FIELD\\s+VALUE.*control\\s+4808.*treatment\\s+4808.*"), r.out());
    }

    @Test
    void powerAnswersTheInverseQuestion() throws Exception {
        CliRun r = run("experiments", "power", "--baseline", "0.1", "--mde-relative", "0.1", "--control", "14751", "-o", "json");
        assertEquals(0, r.exit(), r.err());
        double power = r.json().get("power").asDouble();
        assertTrue(power >= 0.8 && power < 0.8001, String.valueOf(power));
        double mde = r.json().get("detectableMdeRelative").asDouble();
        assertTrue(mde <= 0.1 && mde > 0.0999, String.valueOf(mde));
    }

    @Test
    void badValuesAreOneLineUsageErrors() {
        assertUsage(run("experiments", "size", "--baseline", "1.2", "--mde-relative", "0.1"),
                "mlctl: baseline rate must be between 0 and 1 (exclusive), got 1.2");
        assertUsage(run("experiments", "size", "--baseline", "0.6", "--mde-relative", "0.8"),
                "mlctl: baseline 0.6 with relative MDE 0.8 gives a treatment rate of 1.08, outside (0,1); use a smaller MDE");
        assertUsage(run("experiments", "size", "--baseline", "0.1", "--mde-absolute", "0.01", "--alpha", "1.5"),
                "mlctl: alpha must be between 0 and 1 (exclusive), got 1.5");
        assertUsage(run("experiments", "size", "--baseline", "0.1", "--mde-absolute", "0.01", "--power", "0"),
                "mlctl: power must be between 0 and 1 (exclusive), got 0");
        assertUsage(run("experiments", "size", "--baseline", "0.1", "--mde-absolute", "0.01", "--ratio", "0"),
                "mlctl: allocation ratio must be a positive number, got 0");
        assertUsage(run("experiments", "size", "--sigma", "3", "--mde-relative", "0.1"),
                "mlctl: a mean metric (--sigma) needs --mde-absolute");
    }

    @Test
    void conflictingOrMissingOptionsAreUsageErrors() {
        assertEquals(64, run("experiments", "size", "--baseline", "0.1", "--mde-relative", "0.1", "--mde-absolute", "0.01").exit());
        assertEquals(64, run("experiments", "size", "--mde-relative", "0.1").exit());
        assertEquals(64, run("experiments", "size", "--baseline", "0.1").exit());
        assertEquals(64, run("experiments", "size", "--baseline", "abc", "--mde-relative", "0.1").exit());
        CliRun r = run("experiments", "size", "--baseline", "0.1", "--mde-relative", "0.1", "--mde-absolute", "0.01");
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("mlctl: ") && r.err().contains("mutually exclusive")
                && r.err().contains("'mlctl experiments size --help'"), r.err());
    }

    private static void assertUsage(CliRun r, String line) {
        assertEquals(64, r.exit());
        assertEquals(line, r.err().strip());
        assertEquals("", r.out());
    }
}
