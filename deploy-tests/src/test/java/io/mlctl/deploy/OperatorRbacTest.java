package io.mlctl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.mlctl.operator.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart's RBAC is exactly what the code calls: every request the operator and the control plane made to the API
 * server during the SRE scenario (three rollouts: rollback, progress, pause; retrain Job and auto-rollout), mapped to
 * RBAC verbs, equals the rules the chart renders.
 */
class OperatorRbacTest {
    /** /api/v1/[namespaces/NS/]RESOURCE[/NAME[/SUB]] or /apis/GROUP/VERSION/[namespaces/NS/]RESOURCE[/NAME[/SUB]] */
    private static final Pattern PATH = Pattern.compile(
            "^/(?:api/v1|apis/([^/]+)/[^/]+)(?:/namespaces/([^/?]+))?/([^/?]+)(?:/([^/?]+))?(?:/([^/?]+))?(?:\\?(.*))?$");
    /** Written by JOSDK as dependents: server-side apply in a cluster (the test API server needs SSA off). */
    private static final Set<String> DEPENDENTS = Set.of("apps/deployments", "/services", "gateway.networking.k8s.io/httproutes",
            "/secrets");

    static SreStack stack;

    @BeforeAll
    static void stack() throws Exception {
        stack = SreStack.get();
    }

    @Test
    void operatorClusterRoleListsExactlyTheVerbsItUses() {
        Set<String> used = new TreeSet<>();
        Set<String> leases = new TreeSet<>();
        Set<String> leaseNames = new TreeSet<>();
        Set<String> secretsByName = new TreeSet<>();
        JsonNode clusterRole = Chart.get(stack.chart, "ClusterRole", "mlctl-operator");
        String tokenSecret = null;
        for (JsonNode e : Chart.get(stack.chart, "Deployment", "mlctl-operator").at("/spec/template/spec/containers/0/env")) {
            if (e.path("name").asText().equals("MLCTL_LOGGER_TOKEN_SECRET")) {
                tokenSecret = e.path("value").asText();
            }
        }
        assertTrue(tokenSecret != null && !tokenSecret.isEmpty(), "the chart names the loggers' token Secret");
        for (RecordedRequest r : stack.requestsBy(ua -> ua.startsWith(SreStack.OPERATOR_AGENT))) {
            Call c = Call.of(r);
            if (c.resource().equals("/secrets")) {
                // the loggers' token copies only: by name, or listed and watched with a field selector on that name
                // (a create names its object in the body, checked below on what was created; in a cluster it is a
                // server-side apply, a patch by that name)
                boolean create = c.verb().equals("create");
                for (String p : production(c)) {
                    if (p.endsWith(":create")) {
                        used.add(p);
                        continue;
                    }
                    assertTrue(create || tokenSecret.equals(c.name()) || c.query().contains("fieldSelector=metadata.name%3D" + tokenSecret)
                            || c.query().contains("fieldSelector=metadata.name=" + tokenSecret), "a Secret call not limited to "
                            + tokenSecret + ": " + r.getMethod() + " " + r.getPath());
                    secretsByName.add(p);
                }
            } else if (c.resource().equals("coordination.k8s.io/leases")) {
                leases.add(c.verb());
                assertEquals(Chart.NAMESPACE, c.namespace(), "the Lease lives in the operator's namespace");
                if (c.name() != null) {
                    leaseNames.add(c.name());
                }
            } else if (!c.resource().equals("authorization.k8s.io/selfsubjectrulesreviews")) {
                // (every authenticated user may create SelfSubjectRulesReviews: system:basic-user)
                used.addAll(production(c));
            }
        }
        // JOSDK reads a rollout again (GET) when its status update conflicts: needed, but only when a conflict happens
        used.add("mlctl.io/modelrollouts:get");
        assertEquals(used, rules(clusterRole.path("rules"), false),
                "the operator's ClusterRole must list exactly what it calls (observed, with SSA for dependents)");
        assertTrue(used.containsAll(Set.of("mlctl.io/modelrollouts:update", "mlctl.io/modelrollouts/status:update",
                "/events:create", "apps/deployments:patch", "/secrets:create")),
                "the scenario covers pausing, status, events, servers and the loggers' token: " + used);
        Set<String> namedRules = new TreeSet<>();
        for (JsonNode rule : clusterRole.path("rules")) {
            if (rule.has("resourceNames") && ChartTest.strings(rule.path("resources")).contains("secrets")) {
                assertEquals(List.of(tokenSecret), ChartTest.strings(rule.path("resourceNames")));
                rule.path("verbs").forEach(v -> namedRules.add("/secrets:" + v.asText()));
            }
        }
        assertEquals(secretsByName, namedRules, "the token Secret's rule lists exactly what the operator calls on it");
        // what the creates made: only the loggers' token copies (no other Secret exists in the scenario's cluster)
        var secrets = stack.cluster.client().secrets().inAnyNamespace().list().getItems();
        assertFalse(secrets.isEmpty(), "the operator copied the token into the serving namespace");
        for (var x : secrets) {
            assertEquals(List.of(tokenSecret, SreStack.SERVING), List.of(x.getMetadata().getName(), x.getMetadata().getNamespace()));
        }

        // fabric8's lock reads, creates and renews (merge patch) the Lease; JOSDK checks create, get and update first
        leases.add("update");
        JsonNode leaseRole = Chart.get(stack.chart, "Role", "mlctl-operator-leader-election");
        assertEquals(leases, new TreeSet<>(rules(leaseRole.path("rules"), true).stream()
                .map(s -> s.substring(s.indexOf(':') + 1)).toList()));
        assertEquals(Set.of(leaseRole.at("/rules/1/resourceNames/0").asText()), leaseNames, "only the one Lease by name");
        assertEquals(List.of("create"), ChartTest.strings(leaseRole.at("/rules/0/verbs")), "create cannot be limited by name");
    }

    @Test
    void controlPlaneClusterRoleListsExactlyTheVerbsItUses() {
        Set<String> used = new TreeSet<>();
        for (RecordedRequest r : stack.requestsBy(ua -> !ua.startsWith(SreStack.OPERATOR_AGENT)
                && !ua.startsWith(TestCluster.USER_AGENT) && !ua.equals("null"))) {
            used.add(Call.of(r).permission());
        }
        assertEquals(Set.of("batch/jobs:create", "mlctl.io/modelrollouts:create"), used,
                "the retrain Job and the auto-rollout were created by the control plane");
        assertEquals(used, rules(Chart.get(stack.chart, "ClusterRole", "mlctl-control-plane").path("rules"), false));
    }

    @Test
    void operatorRequestsWereAnsweredWithoutForbiddenOrUnknownPaths() {
        List<RecordedRequest> mine = stack.requestsBy(ua -> ua.startsWith(SreStack.OPERATOR_AGENT));
        assertFalse(mine.isEmpty());
        for (RecordedRequest r : mine) {
            assertTrue(PATH.matcher(r.getPath()).matches(), "unparsed API path " + r.getPath());
        }
    }

    /** In a cluster JOSDK writes its dependents with server-side apply: a PATCH, which needs create for new ones. */
    private static Set<String> production(Call c) {
        if (!DEPENDENTS.contains(c.resource())) {
            return Set.of(c.permission());
        }
        return switch (c.verb()) {
            case "create" -> Set.of(c.resource() + ":create", c.resource() + ":patch");
            case "update" -> Set.of(c.resource() + ":patch");
            default -> Set.of(c.permission());
        };
    }

    /** "group/resource:verb" of every rule (with or without resourceNames). */
    private static Set<String> rules(JsonNode rules, boolean includeNamed) {
        Set<String> out = new TreeSet<>();
        for (JsonNode rule : rules) {
            if (!includeNamed && rule.has("resourceNames")) {
                continue;
            }
            for (JsonNode g : rule.path("apiGroups")) {
                for (JsonNode res : rule.path("resources")) {
                    for (JsonNode v : rule.path("verbs")) {
                        out.add(g.asText() + "/" + res.asText() + ":" + v.asText());
                    }
                }
            }
        }
        return out;
    }

    /** One API request as RBAC sees it. */
    record Call(String group, String namespace, String resource, String name, String verb, String query) {
        static Call of(RecordedRequest r) {
            Matcher m = PATH.matcher(r.getPath());
            if (!m.matches()) {
                throw new AssertionError("unparsed API path " + r.getMethod() + " " + r.getPath());
            }
            String group = m.group(1) == null ? "" : m.group(1);
            String resource = group + "/" + m.group(3) + (m.group(5) == null ? "" : "/" + m.group(5));
            String name = m.group(4);
            String query = m.group(6) == null ? "" : m.group(6);
            String verb = switch (r.getMethod()) {
                case "GET" -> query.contains("watch=true") ? "watch" : name == null ? "list" : "get";
                case "POST" -> "create";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> name == null ? "deletecollection" : "delete";
                default -> throw new AssertionError("unexpected " + r.getMethod() + " " + r.getPath());
            };
            return new Call(group, m.group(2), resource, name, verb, query);
        }

        String permission() {
            return resource + ":" + verb;
        }
    }
}
