package io.mlctl.api.kafka;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * A model version's Kafka subscription as stored: every control-plane replica started with
 * {@code --kafka-bootstrap} consumes {@code topic} into the version's drift windows (docs/KAFKA.md).
 *
 * @param createdBy the token that set it ({@code token-name#id})
 */
@Serdeable
public record Subscription(String model, int version, String topic, SubscriptionFormat format,
                           @Nullable String deadLetterTopic, Instant createdAt, @Nullable String createdBy) {
}
