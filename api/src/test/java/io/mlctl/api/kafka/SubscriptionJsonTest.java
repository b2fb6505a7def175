package io.mlctl.api.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micronaut.core.type.Argument;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The subscription wire shapes, read by plain Jackson (CLI) and Micronaut Serialization (server) alike. */
class SubscriptionJsonTest {
    private static final Subscriptions LIST = new Subscriptions(List.of(new Subscription("fraud", 3,
            "fraud-predictions", SubscriptionFormat.cloudevents, null, Instant.parse("2026-12-02T01:30:00Z"),
            "ci#4")));

    @Test
    void micronautWritesWhatJacksonReads() throws Exception {
        io.micronaut.serde.ObjectMapper serde = io.micronaut.serde.ObjectMapper.getDefault();
        String text = serde.writeValueAsString(LIST);
        JsonNode item = new ObjectMapper().readTree(text).path("items").get(0);
        assertEquals("cloudevents", item.path("format").asText());
        assertEquals(3, item.path("version").asInt());
        assertFalse(item.has("deadLetterTopic") && !item.get("deadLetterTopic").isNull());
        assertEquals(LIST, serde.readValue(text, Argument.of(Subscriptions.class)));
        ObjectMapper jackson = new ObjectMapper().registerModule(new JavaTimeModule());
        assertEquals(LIST, jackson.readValue(jackson.writeValueAsString(LIST), Subscriptions.class));
    }

    @Test
    void requestReadsTheWireFormatNames() throws Exception {
        SubscriptionRequest r = io.micronaut.serde.ObjectMapper.getDefault().readValue(
                "{\"topic\":\"t.1\",\"format\":\"oip\",\"deadLetterTopic\":\"dlq_1\"}",
                Argument.of(SubscriptionRequest.class));
        assertEquals(new SubscriptionRequest("t.1", SubscriptionFormat.oip, "dlq_1"), r);
    }

    @Test
    void topicRuleIsKafkasOwn() {
        Pattern topic = Pattern.compile(SubscriptionRequest.TOPIC);
        for (String ok : List.of("a", "fraud-predictions", "x.y_z-1", "...", "a".repeat(249))) {
            assertTrue(topic.matcher(ok).matches(), ok);
        }
        for (String bad : List.of("", ".", "..", "a b", "ü", "a/b", "a".repeat(250))) {
            assertFalse(topic.matcher(bad).matches(), bad);
        }
    }
}
