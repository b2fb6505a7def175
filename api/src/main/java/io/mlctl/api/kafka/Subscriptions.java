package io.mlctl.api.kafka;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** {@code GET /api/v1/subscriptions}: every model version's subscription, by model name then version. */
@Serdeable
public record Subscriptions(List<Subscription> items) {
}
