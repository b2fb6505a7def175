package io.mlctl.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Grafana does with a dashboard's queries before they reach Prometheus, done against the real one: variables
 * ({@code label_values(...)} with a regex) resolved through the series API, {@code $var}/{@code ${var}} and the
 * built-ins substituted, then the query evaluated as the panel would (range or instant).
 */
final class PromQueries {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*)\\)\\s*$", Pattern.DOTALL);
    /** Grafana's $__rate_interval for a 1 s scrape interval and this short a range. */
    static final String RATE_INTERVAL = "15s";

    private final ScrapingPrometheus prometheus;
    private final Instant from;
    private final Instant to;

    PromQueries(ScrapingPrometheus prometheus, Instant from, Instant to) {
        this.prometheus = prometheus;
        this.from = from;
        this.to = to;
    }

    /** Replaces the variables it knows (and Grafana's built-ins); anything else, such as label_replace's $1, stays. */
    String substitute(String text, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = switch (name) {
                case "__rate_interval" -> RATE_INTERVAL;
                case "__interval" -> "2s";
                case "__range" -> Duration.between(from, to).toSeconds() + "s";
                default -> values.get(name);
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The values of a query variable ({@code label_values(selector, label)} or {@code label_values(label)}). */
    List<String> variableValues(String query, String regex) {
        Matcher m = LABEL_VALUES.matcher(query);
        if (!m.matches()) {
            throw new AssertionError("unsupported variable query (expected label_values): " + query);
        }
        String args = m.group(1);
        int comma = topLevelComma(args);
        TreeSet<String> values = new TreeSet<>();
        if (comma < 0) {
            prometheus.api("label/" + args.trim() + "/values", Map.of()).path("data").forEach(v -> values.add(v.asText()));
        } else {
            String selector = args.substring(0, comma).trim();
            String label = args.substring(comma + 1).trim();
            JsonNode r = prometheus.api("series", Map.of("match[]", selector, "start", seconds(from), "end", seconds(to)));
            if (!"success".equals(r.path("status").asText())) {
                throw new AssertionError("variable query " + query + " failed: " + r);
            }
            r.path("data").forEach(s -> {
                if (s.has(label)) {
                    values.add(s.path(label).asText());
                }
            });
        }
        if (regex == null || regex.isBlank()) {
            return new ArrayList<>(values);
        }
        Pattern p = Pattern.compile(regex.startsWith("/") ? regex.substring(1, regex.lastIndexOf('/')) : regex);
        TreeSet<String> out = new TreeSet<>();
        for (String v : values) {
            Matcher vm = p.matcher(v);
            if (vm.find()) {
                out.add(vm.groupCount() > 0 ? vm.group(1) : v);
            }
        }
        return new ArrayList<>(out);
    }

    /** The answer of the query as the panel asks it: {@code status} and {@code data}, or {@code errorType}/{@code error}. */
    JsonNode evaluate(String promql, boolean instant) {
        return instant ? prometheus.query(promql, to) : prometheus.queryRange(promql, from, to, Duration.ofSeconds(2));
    }

    static boolean ok(JsonNode answer) {
        return "success".equals(answer.path("status").asText());
    }

    /** Whether an answer holds at least one finite number (NaN from a rate of nothing is no data). */
    static boolean hasData(JsonNode answer) {
        JsonNode result = answer.at("/data/result");
        if ("scalar".equals(answer.at("/data/resultType").asText())) {
            return finite(result.get(1));
        }
        for (JsonNode series : result) {
            if (series.has("value") && finite(series.path("value").get(1))) {
                return true;
            }
            for (JsonNode point : series.path("values")) {
                if (finite(point.get(1))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean finite(JsonNode v) {
        if (v == null) {
            return false;
        }
        try {
            return Double.isFinite(Double.parseDouble(v.asText()));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int topLevelComma(String s) {
        int depth = 0;
        boolean quoted = false;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && (c == ')' || c == '}' || c == ']')) {
                depth++;
            } else if (!quoted && (c == '(' || c == '{' || c == '[')) {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                return i;
            }
        }
        return -1;
    }

    private static String seconds(Instant t) {
        return Long.toString(t.getEpochSecond());
    }
}
