package io.mlctl.api.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Every path of the control plane's REST API ({@code /api/v1}, the table of docs/DEVELOPING.md), written once for
 * its clients: the CLI, the operator ({@link ControlPlaneApi}) and the inference logger. Path segments taken from
 * users (model, alias, schema names, ids) are percent-encoded here, so no caller builds a path by hand.
 */
public final class ApiPaths {
    public static final String ROOT = "/api/v1";

    private ApiPaths() {
    }

    // [registry]

    public static String models() {
        return ROOT + "/models";
    }

    public static String model(String model) {
        return models() + "/" + seg(model);
    }

    public static String versions(String model) {
        return model(model) + "/versions";
    }

    public static String version(String model, int version) {
        return versions(model) + "/" + version;
    }

    /** A version named as the user wrote it (a number; the server answers 400/404 for anything else). */
    public static String version(String model, String version) {
        return versions(model) + "/" + seg(version);
    }

    /** The version's feature schema, the one read an ingest token is allowed besides sending samples. */
    public static String versionSchema(String model, int version) {
        return version(model, version) + "/schema";
    }

    public static String aliases(String model) {
        return model(model) + "/aliases";
    }

    public static String alias(String model, String alias) {
        return aliases(model) + "/" + seg(alias);
    }

    public static String aliasHistory(String model, String alias) {
        return alias(model, alias) + "/history";
    }

    /** {@code GET /resolve?uri=models:/fraud@production}. */
    public static String resolve(String modelUri) {
        return query(ROOT + "/resolve", params("uri", modelUri));
    }

    public static String schemas() {
        return ROOT + "/schemas";
    }

    public static String schema(String name) {
        return schemas() + "/" + seg(name);
    }

    public static String schema(String name, String version) {
        return schema(name) + "/" + seg(version);
    }

    public static String schemaDiff(String name, String version) {
        return schema(name, version) + "/diff";
    }

    public static String tokens() {
        return ROOT + "/tokens";
    }

    public static String token(long id) {
        return tokens() + "/" + id;
    }

    public static String audit() {
        return ROOT + "/audit";
    }

    // [ingest/drift/quality]

    public static String profile(String model, int version) {
        return version(model, version) + "/profile";
    }

    /** A version's sub-resource that takes NDJSON or events: {@code samples}, {@code labels}, {@code cloudevents}. */
    public static String ingest(String model, int version, String resource) {
        return version(model, version) + "/" + seg(resource);
    }

    public static String samples(String model, int version) {
        return ingest(model, version, "samples");
    }

    /** A version's Kafka subscription (PUT, GET, DELETE). */
    public static String subscription(String model, int version) {
        return version(model, version) + "/subscription";
    }

    /** Every Kafka subscription. */
    public static String subscriptions() {
        return ROOT + "/subscriptions";
    }

    public static String drift(String model) {
        return model(model) + "/drift";
    }

    public static String driftReport(long id) {
        return ROOT + "/drift/reports/" + id;
    }

    public static String latestDrift(String model, int version) {
        return version(model, version) + "/drift/latest";
    }

    /** The candidate's recent predictions against the baseline's ({@code period} in {@code Durations} form). */
    public static String driftCompare(String model, int baseline, int candidate, String period) {
        return query(drift(model) + "/compare", params("baseline", baseline, "candidate", candidate, "period", period));
    }

    public static String quality(String model) {
        return model(model) + "/quality";
    }

    public static String quality(String model, int version) {
        return query(quality(model), params("version", version));
    }

    /** The HTML quality page (outside {@link #ROOT}, so a browser can open it with {@code ?access_token=}). */
    public static String qualityPage(String model, int version) {
        return query("/models/" + seg(model) + "/quality", params("version", version));
    }

    /** Both versions' realized quality on the labelled requests both logged (shadow rollouts). */
    public static String qualityCompare(String model, int baseline, int candidate) {
        return query(quality(model) + "/compare", params("baseline", baseline, "candidate", candidate));
    }

    // [retrain]

    public static String retrainPolicy(String model) {
        return model(model) + "/retrain/policy";
    }

    public static String retrainTriggers(String model) {
        return model(model) + "/retrain/triggers";
    }

    // [experiments]

    public static String experiments() {
        return ROOT + "/experiments";
    }

    public static String experiment(String id) {
        return experiments() + "/" + seg(id);
    }

    public static String experimentStop(String id) {
        return experiment(id) + "/stop";
    }

    public static String experimentReport(String id) {
        return experiment(id) + "/report";
    }

    public static String experimentEvents(String id) {
        return experiment(id) + "/events";
    }

    public static String experimentAssign(String id, String unit) {
        return query(experiment(id) + "/assign", params("unit", unit));
    }

    // query strings and segments

    /** Builds {@code path?k=v&...}, skipping null values and URL-encoding the rest. */
    public static String query(String path, Map<String, ?> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> {
            if (v != null) {
                j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
            }
        });
        return j.length() == 0 ? path : path + (path.contains("?") ? "&" : "?") + j;
    }

    /** Query parameters in order, from {@code name, value, name, value...}. */
    public static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** One path segment, percent-encoded (a space is {@code %20}, never {@code +}). */
    public static String seg(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
