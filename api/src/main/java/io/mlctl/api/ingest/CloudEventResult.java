package io.mlctl.api.ingest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The answer to {@code POST /api/v1/models/{m}/versions/{v}/cloudevents} (one event of KServe's payload logger).
 *
 * @param id       the event's {@code ce-id}, shared by the request and the response event of one inference
 * @param half     {@code request} or {@code response}
 * @param state    {@code waiting}: stored until its partner comes (or the pairing timeout drops it);
 *                 {@code ingested}: the pair was decoded and its rows stored; {@code duplicate}: this event was
 *                 received before and is counted once
 * @param protocol the protocol the pair was decoded with (when ingested)
 * @param rows     sample rows stored from the pair (when ingested)
 * @param batchId  the ingest batch holding them (when ingested)
 */
@Serdeable
public record CloudEventResult(String id, String half, String state, @Nullable String protocol,
                               @Nullable Integer rows, @Nullable Long batchId) {
    public static final String WAITING = "waiting";
    public static final String INGESTED = "ingested";
    public static final String DUPLICATE = "duplicate";
}
