package io.mlctl.cli.demo;

import io.mlctl.cli.CliRun;
import io.mlctl.cli.support.ExitCodes;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mlctl demo --kafka} as a user runs it: a local KRaft broker and a throw-away server (both processes of their
 * own, from this build), the version subscribed to a topic, the logger producing to it; drift detected, the retrain
 * webhook received, and the records the broker acknowledged equal to the rows counted in the windows.
 */
class KafkaDemoTest {

    @Test
    void demoRunsItsTrafficThroughKafka() {
        // --embedded: the demo's own server and broker, whatever --server says
        CliRun demo = CliRun.of(URI.create("http://127.0.0.1:9"), "unused", 1, "demo", "--kafka", "--embedded",
                "--model", "kafka-demo", "--timeout", "400");
        String all = demo.out() + demo.err();
        assertEquals(0, demo.exit(), all);
        assertTrue(demo.out().contains("Starting a local Kafka broker"), all);
        assertTrue(demo.out().contains("Subscribing version 1 to Kafka topic kafka-demo-v1-predictions"), all);
        assertTrue(demo.out().contains("DATASET DRIFT"), all);
        assertTrue(demo.out().contains("signature VALID"), all);
        Matcher m = Pattern.compile("records produced (\\d+), rows counted (\\d+)").matcher(demo.out());
        assertTrue(m.find(), all);
        long produced = Long.parseLong(m.group(1));
        assertTrue(produced > 0, all);
        assertEquals(produced, Long.parseLong(m.group(2)), all);
    }

    @Test
    void kafkaAgainstYourOwnServerNeedsItsBrokers() {
        CliRun demo = CliRun.of(URI.create("http://127.0.0.1:9"), "t", 1, "demo", "--kafka");
        assertEquals(ExitCodes.USAGE, demo.exit(), demo.out() + demo.err());
        assertTrue(demo.err().contains("--kafka needs --kafka-bootstrap"), demo.err());
    }
}
