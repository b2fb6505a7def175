package io.mlctl.protocol;

import java.time.Instant;
import java.util.Map;

/**
 * One decoded sample: exactly the NDJSON sample line the control plane ingests
 * ({@code {"ts", "request_id", "features": {...}, "prediction"}}, docs/MONITORING.md). A batch of {@code n} inputs
 * gives {@code n} rows; row {@code i > 0} of a batch carries the request id {@code <id>/<i>} so that every row
 * pairs on its own (row 0 keeps the plain id).
 *
 * @param features   feature name to value (Number, String, Boolean or null), in schema order
 * @param prediction the prediction's value, or null when the schema declares none or the response has none
 */
public record SampleRow(Instant ts, String requestId, Map<String, Object> features, Object prediction) {
}
