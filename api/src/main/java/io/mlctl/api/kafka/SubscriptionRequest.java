package io.mlctl.api.kafka;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * {@code PUT /api/v1/models/{name}/versions/{version}/subscription}: consume {@code topic} (read as {@code format})
 * into the version's windows; records that cannot be used are copied to {@code deadLetterTopic} when it is set.
 *
 * @param topic           a Kafka topic name: 1 to 249 of {@code [a-zA-Z0-9._-]}, not {@code .} or {@code ..}
 * @param format          {@code mlctl}, {@code oip} or {@code cloudevents}
 * @param deadLetterTopic where bad records are copied (same naming rules); absent: they are only counted
 */
@Serdeable
public record SubscriptionRequest(@NotNull @Pattern(regexp = TOPIC, message = TOPIC_MESSAGE) String topic,
                                  @NotNull SubscriptionFormat format,
                                  @Nullable @Pattern(regexp = TOPIC, message = TOPIC_MESSAGE) String deadLetterTopic) {
    /** Kafka's own rule for topic names (org.apache.kafka.common.internals.Topic): legal characters, length. */
    public static final String TOPIC = "(?!\\.{1,2}$)[a-zA-Z0-9._-]{1,249}";
    public static final String TOPIC_MESSAGE = "must be a Kafka topic name: 1 to 249 of a-z A-Z 0-9 . _ -, not . or ..";
}
