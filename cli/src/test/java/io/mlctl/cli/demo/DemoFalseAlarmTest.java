package io.mlctl.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.CliRun;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16's false alarm: in {@code mlctl demo}, {@code is_new_customer} with PSI 0.09 was marked drift because a
 * chi-square p-value on a window of 3,600 rows is tiny. This replays the demo's own data — its 20,000 training rows
 * and the window it streams while the traffic starts to drift (nine batches of 400 rows, half a second apart, the
 * drift ramping from 0 at 8 s to 1 at 12 s, window from 7.25 s) — through {@code mlctl drift compare} with the
 * demo's schema, the same judge as the control plane's windows. The new-customer flag barely moved (PSI under 0.1,
 * Cramér's V about 0.1) and is no longer drift; amount, country and the score really moved and still drift.
 */
class DemoFalseAlarmTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"exact", "streaming"})
    void isNewCustomerIsNoLongerDriftWhileTheDriftedFeaturesStillAre(String mode) throws Exception {
        DemoTraffic traffic = new DemoTraffic(42);
        Path schema = Files.writeString(dir.resolve("demo.yaml"), DemoTraffic.SCHEMA);
        Path train = Files.writeString(dir.resolve("train.csv"), traffic.referenceCsv(20_000));
        StringBuilder window = new StringBuilder();
        for (int batch = 0; batch < 9; batch++) {
            double seconds = 7.25 + 0.5 * batch;
            // DemoCommand's ramp
            double drift = seconds < 8 ? 0 : Math.min(1, (seconds - 8) / 4);
            window.append(traffic.batch(400, drift));
        }
        Path current = Files.writeString(dir.resolve("window.ndjson"), window.toString());

        CliRun run = CliRun.run("drift", "compare", train.toString(), current.toString(), "--schema", schema.toString(),
                "--mode", mode, "--output", "json");
        assertEquals(0, run.exit(), run.err());
        JsonNode result = run.json();
        Map<String, JsonNode> rows = new HashMap<>();
        result.path("features").forEach(f -> rows.put(f.path("name").asText(), f));

        JsonNode flag = rows.get("is_new_customer");
        String why = flag.toString();
        // the situation: PSI just under the warn level, a chi-square p-value far below 0.001 (the old rule's
        // drift) on thousands of rows
        assertTrue(flag.path("psi").asDouble() > 0.05 && flag.path("psi").asDouble() < 0.1, why);
        assertTrue(flag.path("chi2_pvalue").asDouble() < 1e-6, why);
        assertTrue(flag.has("cramers_v") && flag.has("hellinger"), why);
        assertEquals("ok", flag.path("verdict").asText(), why);

        for (String drifted : new String[]{"amount", "country", "__prediction__"}) {
            assertEquals("drift", rows.get(drifted).path("verdict").asText(), rows.get(drifted).toString());
        }
        assertTrue(rows.get("amount").path("wasserstein_normed").asDouble() >= 0.1, rows.get("amount").toString());
        assertTrue(result.path("dataset_drift").asBoolean(), run.out());
    }
}
