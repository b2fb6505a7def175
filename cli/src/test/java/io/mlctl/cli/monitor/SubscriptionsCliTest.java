package io.mlctl.cli.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.CliRun;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.cli.support.Printer;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mlctl samples subscribe|unsubscribe|subscriptions} against a real control plane (the subscription API is
 * served whether or not the server consumes Kafka): create, replace, list in every output format, refusals with
 * their exit codes, and removal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubscriptionsCliTest {
    private TestDatabase db;
    private ControlPlaneServer server;
    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        db = TestDatabase.h2();
        server = ControlPlaneServer.start(db, Map.of());
    }

    @AfterAll
    void stop() {
        server.close();
        db.close();
    }

    private CliRun mlctl(String... args) {
        return CliRun.of(server.url(), server.adminToken(), 2, args);
    }

    @Test
    void subscribeListAndUnsubscribe() throws Exception {
        Path schema = Files.writeString(dir.resolve("s.yaml"), """
                name: sub-features
                features:
                  - {name: amount, type: numeric}
                prediction: {name: score, type: numeric}
                """);
        assertEquals(0, mlctl("schemas", "push", schema.toString()).exit());
        assertEquals(0, mlctl("models", "create", "subs").exit());
        for (int i = 0; i < 2; i++) {
            assertEquals(0, mlctl("versions", "register", "subs", "--artifact", "s3://x/" + i, "--runtime", "custom",
                    "--schema", "sub-features@1").exit());
        }

        CliRun sub = mlctl("samples", "subscribe", "subs", "1", "--topic", "subs-predictions", "--format", "mlctl");
        assertEquals(0, sub.exit(), sub.out() + sub.err());
        assertEquals("subscribed subs version 1 to topic subs-predictions (mlctl)", sub.out().trim());
        CliRun sub2 = mlctl("samples", "subscribe", "subs", "2", "--topic", "subs.oip", "--format", "oip",
                "--dead-letter-topic", "subs-dlq", "-o", "json");
        assertEquals(0, sub2.exit(), sub2.out() + sub2.err());
        assertEquals("subs-dlq", sub2.json().path("deadLetterTopic").asText());
        assertEquals("oip", sub2.json().path("format").asText());
        // subscribing again replaces
        CliRun replaced = mlctl("samples", "subscribe", "subs", "1", "--topic", "subs-events", "--format",
                "cloudevents", "-o", "yaml");
        assertEquals(0, replaced.exit(), replaced.err());
        JsonNode yaml = Printer.yamlMapper().readTree(replaced.out());
        assertEquals("subs-events", yaml.path("topic").asText());
        assertEquals("cloudevents", yaml.path("format").asText());

        CliRun json = mlctl("samples", "subscriptions", "-o", "json");
        assertEquals(0, json.exit(), json.err());
        JsonNode items = json.json().path("items");
        assertEquals(2, items.size(), json.out());
        assertEquals(1, items.get(0).path("version").asInt());
        assertEquals("subs-events", items.get(0).path("topic").asText());
        assertFalse(items.get(0).hasNonNull("deadLetterTopic"), json.out());
        assertEquals("subs.oip", items.get(1).path("topic").asText());
        assertFalse(items.get(1).path("createdBy").asText().isBlank(), json.out());
        CliRun table = mlctl("samples", "subscriptions");
        assertEquals(0, table.exit(), table.err());
        String[] lines = table.out().strip().split("\n");
        assertTrue(lines[0].contains("MODEL") && lines[0].contains("TOPIC") && lines[0].contains("FORMAT"), table.out());
        assertTrue(table.out().contains("subs-events") && table.out().contains("subs-dlq"), table.out());

        // refusals: nothing stored, the server's reason as the one-line error
        CliRun badTopic = mlctl("samples", "subscribe", "subs", "1", "--topic", "no spaces", "--format", "mlctl");
        assertEquals(ExitCodes.FAILED, badTopic.exit(), badTopic.out() + badTopic.err());
        assertTrue(badTopic.err().contains("Kafka topic name"), badTopic.err());
        CliRun badFormat = mlctl("samples", "subscribe", "subs", "1", "--topic", "t", "--format", "avro");
        assertEquals(ExitCodes.USAGE, badFormat.exit());
        assertTrue(badFormat.err().contains("mlctl, oip, cloudevents"), badFormat.err());
        CliRun missingTopic = mlctl("samples", "subscribe", "subs", "1", "--format", "mlctl");
        assertEquals(ExitCodes.USAGE, missingTopic.exit());
        CliRun unknownVersion = mlctl("samples", "subscribe", "subs", "9", "--topic", "t", "--format", "mlctl");
        assertEquals(ExitCodes.NOT_FOUND, unknownVersion.exit(), unknownVersion.err());
        assertEquals("subs-events", mlctl("samples", "subscriptions", "-o", "json").json()
                .path("items").get(0).path("topic").asText(), "unchanged by the refusals");

        CliRun unsub = mlctl("samples", "unsubscribe", "subs", "1");
        assertEquals(0, unsub.exit(), unsub.err());
        assertEquals("unsubscribed subs version 1", unsub.out().trim());
        CliRun again = mlctl("samples", "unsubscribe", "subs", "1");
        assertEquals(ExitCodes.NOT_FOUND, again.exit(), again.err());
        CliRun after = mlctl("samples", "subscriptions", "-o", "json");
        assertEquals(1, after.json().path("items").size(), after.out());
        assertEquals(2, after.json().path("items").get(0).path("version").asInt());
        CliRun unsubJson = mlctl("samples", "unsubscribe", "subs", "2", "-o", "json");
        assertTrue(unsubJson.json().path("unsubscribed").asBoolean(), unsubJson.out());
        assertTrue(mlctl("samples", "subscriptions").out().contains("(none)"));
    }
}
