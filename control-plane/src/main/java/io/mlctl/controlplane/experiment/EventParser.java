package io.mlctl.controlplane.experiment;

import io.mlctl.controlplane.experiment.report.Arms;
import io.micronaut.json.JsonMapper;
import io.mlctl.api.common.Utf8;
import io.micronaut.json.tree.JsonNode;
import io.mlctl.api.common.ProblemError;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.experiment.ArmSpec;
import io.mlctl.api.experiment.Experiment;
import io.mlctl.api.experiment.MetricSpec;
import io.mlctl.api.experiment.MetricType;
import io.mlctl.experiment.StickyAssignment;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads an NDJSON batch of events and checks every line against the experiment; any bad line rejects the whole
 * batch (422 listing the lines at fault), so a batch is recorded entirely or not at all.
 * <pre>
 * {"type":"exposure","unit":"u1","arm":"treatment","ts":"2026-11-22T10:00:00Z"}
 * {"type":"metric","unit":"u1","metric":"conversion","value":1}
 * </pre>
 * {@code arm} defaults to the unit's sticky arm; {@code ts} (ISO-8601) to the time of arrival. Proportion values are
 * 0/1 (or false/true); mean values any finite number (a unit's values add up).
 */
final class EventParser {
    static final int MAX_EVENTS = 500_000;
    static final int MAX_UNIT_LENGTH = 256;
    static final int MAX_REPORTED_ERRORS = 100;
    /** Clocks drift; a timestamp further ahead than this is a bug in the sender. */
    static final long MAX_FUTURE_SECONDS = 86_400;

    private EventParser() {
    }

    static List<Event> parse(byte[] body, Experiment e, JsonMapper json, Instant now) {
        Map<String, ArmSpec> arms = e.arms().stream().collect(Collectors.toMap(ArmSpec::name, Function.identity()));
        Map<String, MetricSpec> metrics = e.metrics().stream().collect(Collectors.toMap(MetricSpec::name, Function.identity()));
        var weighted = Arms.weighted(e.arms());
        List<Event> events = new ArrayList<>();
        List<ProblemError> errors = new ArrayList<>();
        int errorCount = 0;
        int lineNo = 0;
        Utf8.Malformed bad = Utf8.check(body, 0, body.length);
        if (bad != null) {
            // refused whole, as NDJSON samples are: decoding would put U+FFFD in the unit ids and metric names
            int line = 1;
            for (int i = 0; i < bad.offset(); i++) {
                line += body[i] == '\n' ? 1 : 0;
            }
            String reason = "not UTF-8: " + bad.describe(body, (int) bad.offset()) + " of the body";
            throw ProblemException.unprocessable("line " + line + " is " + reason + "; nothing was stored",
                    List.of(ProblemError.line(line, reason))).with("byteOffset", bad.offset());
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                if (events.size() + errorCount >= MAX_EVENTS) {
                    throw new ProblemException(413, "Content Too Large", "a batch holds at most " + MAX_EVENTS
                            + " events; split the file", List.of(), Map.of());
                }
                try {
                    events.add(event(lineNo, line, e, arms, metrics, weighted, json, now));
                } catch (LineException le) {
                    errorCount++;
                    if (errors.size() < MAX_REPORTED_ERRORS) {
                        errors.add(new ProblemError(lineNo, le.field, le.getMessage()));
                    }
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        if (errorCount > 0) {
            ProblemError first = errors.get(0);
            throw ProblemException.unprocessable(errorCount + " of " + (events.size() + errorCount)
                    + " events are invalid and nothing was recorded; first: line " + first.line() + ": " + first.reason(), errors);
        }
        if (events.isEmpty()) {
            throw ProblemException.badRequest("the batch is empty: send NDJSON, one event per line");
        }
        return events;
    }

    private static Event event(int lineNo, String line, Experiment e, Map<String, ArmSpec> arms, Map<String, MetricSpec> metrics,
                               List<StickyAssignment.WeightedArm> weighted, JsonMapper json, Instant now) {
        JsonNode n;
        try {
            n = json.readValue(line, JsonNode.class);
        } catch (IOException | RuntimeException ex) {
            throw new LineException(null, "not valid JSON");
        }
        if (n == null || !n.isObject()) {
            throw new LineException(null, "not a JSON object");
        }
        String type = text(n, "type");
        if (!"exposure".equals(type) && !"metric".equals(type)) {
            throw new LineException("type", "must be \"exposure\" or \"metric\", got " + (type == null ? "nothing" : "\"" + type + "\""));
        }
        String unit = unit(n.get("unit"));
        String arm = text(n, "arm");
        if (arm == null) {
            arm = StickyAssignment.arm(e.salt(), unit, weighted);
        } else if (!arms.containsKey(arm)) {
            throw new LineException("arm", "unknown arm \"" + arm + "\"; this experiment has "
                    + String.join(", ", e.arms().stream().map(ArmSpec::name).toList()));
        }
        LocalDate day = day(n, now);
        if ("exposure".equals(type)) {
            return new Event(lineNo, true, unit, arm, null, 0, day);
        }
        String metric = text(n, "metric");
        if (metric == null) {
            throw new LineException("metric", "a metric event needs \"metric\"");
        }
        MetricSpec spec = metrics.get(metric);
        if (spec == null) {
            throw new LineException("metric", "unknown metric \"" + metric + "\"; this experiment has "
                    + String.join(", ", e.metrics().stream().map(MetricSpec::name).toList()));
        }
        return new Event(lineNo, false, unit, arm, metric, value(n.get("value"), spec), day);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw new LineException(field, "must be a string");
        }
        return v.getStringValue();
    }

    private static String unit(JsonNode v) {
        if (v == null || v.isNull()) {
            throw new LineException("unit", "is required");
        }
        String unit = v.isString() ? v.getStringValue() : v.isNumber() ? v.getNumberValue().toString() : null;
        if (unit == null || unit.isEmpty() || unit.length() > MAX_UNIT_LENGTH) {
            throw new LineException("unit", "must be a string or number of 1 to " + MAX_UNIT_LENGTH + " characters");
        }
        return unit;
    }

    private static double value(JsonNode v, MetricSpec spec) {
        double x;
        if (v == null || v.isNull()) {
            throw new LineException("value", "a metric event needs \"value\"");
        } else if (v.isBoolean()) {
            x = v.getBooleanValue() ? 1 : 0;
        } else if (v.isNumber()) {
            x = v.getDoubleValue();
        } else {
            throw new LineException("value", "must be a number");
        }
        if (!Double.isFinite(x)) {
            throw new LineException("value", "must be finite");
        }
        if (spec.type() == MetricType.proportion && x != 0 && x != 1) {
            throw new LineException("value", "\"" + spec.name() + "\" is a proportion: the value is 0 or 1 (or false/true), got " + x);
        }
        return x;
    }

    private static LocalDate day(JsonNode n, Instant now) {
        String ts = text(n, "ts");
        if (ts == null) {
            return LocalDate.ofInstant(now, ZoneOffset.UTC);
        }
        Instant t;
        try {
            t = Instant.parse(ts);
        } catch (DateTimeParseException ex) {
            throw new LineException("ts", "must be an ISO-8601 instant such as 2026-11-22T10:00:00Z, got \"" + ts + "\"");
        }
        if (t.isAfter(now.plusSeconds(MAX_FUTURE_SECONDS))) {
            throw new LineException("ts", "is more than a day in the future: " + ts);
        }
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    /** A line's fault: which field and why. */
    private static final class LineException extends RuntimeException {
        final String field;

        LineException(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }
}
