package io.mlctl.protocol;

import java.time.Instant;

/**
 * One request/response pair as a proxy (the inference logger), KServe's payload logger or a Kafka record carried it.
 * Bodies are the exact bytes on the wire (a streamed SSE answer is the whole event stream, concatenated).
 *
 * @param path         the request path with its query, e.g. {@code /v2/models/fraud/infer}
 * @param requestId    the {@code x-request-id} shared by both halves (never null: the logger generates one)
 * @param timestamp    when the request arrived: the samples' {@code ts}
 * @param status       the response's HTTP status (a non-2xx answer yields no rows)
 * @param latencyMs    request start to last response byte, or NaN when not measured (CloudEvents, Kafka)
 * @param ttftMs       request start to the first response chunk (time to first token of a streamed answer), or NaN
 */
public record Exchange(String method,
                       String path,
                       String requestContentType,
                       byte[] requestBody,
                       int status,
                       String responseContentType,
                       byte[] responseBody,
                       String requestId,
                       Instant timestamp,
                       double latencyMs,
                       double ttftMs) {
}
