package io.mlctl.operator.guardrail;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PromQL query with placeholders: {@code {{model}}}, {@code {{baseline}}} and {@code {{candidate}}} (version
 * numbers), {@code {{namespace}}}, and {@code {{baselineServer}}} / {@code {{candidateServer}}} (the Deployment
 * names, so {@code pod=~"{{candidateServer}}-.*"} selects the candidate's pods).
 */
public final class QueryTemplate {
    public static final Set<String> VARIABLES = Set.of("model", "baseline", "candidate", "namespace", "baselineServer", "candidateServer");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z]+)\\s*}}");

    private QueryTemplate() {
    }

    public static Map<String, String> variables(GuardrailTarget t) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("model", t.model());
        v.put("baseline", Integer.toString(t.baselineVersion()));
        v.put("candidate", Integer.toString(t.candidateVersion()));
        v.put("namespace", t.namespace());
        v.put("baselineServer", t.baselineServer());
        v.put("candidateServer", t.candidateServer());
        return v;
    }

    /** Replaces every placeholder; unknown names are left for {@link #unknownPlaceholders} to report. */
    public static String render(String template, Map<String, String> variables) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    public static Set<String> unknownPlaceholders(String template) {
        Set<String> unknown = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!VARIABLES.contains(m.group(1))) {
                unknown.add(m.group(1));
            }
        }
        return unknown;
    }
}
