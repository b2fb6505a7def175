package io.mlctl.api.kafka;

import io.micronaut.serde.annotation.Serdeable;

/**
 * How the records of a subscribed topic are read (docs/KAFKA.md, "Formats"): {@code mlctl} sample lines (the NDJSON
 * of {@code POST .../samples}), {@code oip} request/response pairs decoded like the inference logger, or
 * {@code cloudevents}, KServe's payload-logger events in Kafka's binary mode paired by {@code ce-id}.
 */
@Serdeable
public enum SubscriptionFormat {
    mlctl, oip, cloudevents
}
