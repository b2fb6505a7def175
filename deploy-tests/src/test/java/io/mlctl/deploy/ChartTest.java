package io.mlctl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.testsupport.ControlPlaneServer;
import io.mlctl.testsupport.TestDatabase;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static io.mlctl.deploy.Chart.get;
import static io.mlctl.deploy.Chart.kind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** charts/mlctl linted and rendered by Helm (helm-java), with the default values and with every value set. */
class ChartTest {
    static List<JsonNode> defaults;
    static List<JsonNode> full;

    @BeforeAll
    static void render() {
        defaults = Chart.render(null);
        full = Chart.render(Chart.values("values-full.yaml"));
    }

    @Test
    void lintsCleanWithDefaultAndFullValues() throws Exception {
        for (Path values : new Path[]{null, Chart.values("values-full.yaml")}) {
            LintResult r = Chart.lint(values);
            assertFalse(r.isFailed(), values + ": " + r.getMessages());
            assertTrue(r.getMessages().stream().noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]")),
                    values + ": " + r.getMessages());
        }
    }

    @Test
    void defaultInstallHasEveryPart() {
        assertEquals(new TreeSet<>(List.of(
                        "ClusterRole/mlctl-control-plane", "ClusterRole/mlctl-operator",
                        "ClusterRoleBinding/mlctl-control-plane", "ClusterRoleBinding/mlctl-operator",
                        "ConfigMap/mlctl-dashboard-control-plane", "ConfigMap/mlctl-dashboard-drift",
                        "ConfigMap/mlctl-dashboard-experiments", "ConfigMap/mlctl-dashboard-rollouts",
                        "ConfigMap/mlctl-dashboard-serving", "PodMonitor/mlctl-inference-loggers", "Secret/mlctl-ingest-token",
                        "Deployment/mlctl-control-plane", "Deployment/mlctl-operator",
                        "PodDisruptionBudget/mlctl-control-plane", "PrometheusRule/mlctl",
                        "Role/mlctl-operator-leader-election", "RoleBinding/mlctl-operator-leader-election",
                        "Service/mlctl-control-plane", "Service/mlctl-operator",
                        "ServiceAccount/mlctl-control-plane", "ServiceAccount/mlctl-operator",
                        "ServiceMonitor/mlctl-control-plane", "ServiceMonitor/mlctl-operator")),
                new TreeSet<>(defaults.stream().map(d -> d.path("kind").asText() + "/" + d.at("/metadata/name").asText()).toList()));
        kind(defaults, "Deployment").forEach(d -> assertEquals(Chart.NAMESPACE, d.at("/metadata/namespace").asText()));
    }

    @Test
    void podsRunRestricted() {
        for (List<JsonNode> docs : List.of(defaults, full)) {
            kind(docs, "Deployment").forEach(d -> {
                String name = d.at("/metadata/name").asText();
                JsonNode pod = d.at("/spec/template/spec");
                assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean(), name);
                assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText(), name);
                assertTrue(pod.at("/securityContext/runAsUser").asLong() > 0, name);
                assertEquals("tmp", pod.at("/volumes/0/name").asText(), name);
                assertTrue(pod.at("/volumes/0/emptyDir").isObject(), name);
                for (JsonNode c : pod.path("containers")) {
                    JsonNode sc = c.path("securityContext");
                    assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), name);
                    assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), name);
                    assertTrue(sc.path("runAsNonRoot").asBoolean(), name);
                    assertEquals(List.of("ALL"), strings(sc.at("/capabilities/drop")), name);
                    assertEquals("/tmp", c.at("/volumeMounts/0/mountPath").asText(), name);
                    assertTrue(c.at("/resources/requests/memory").isTextual() && c.at("/resources/limits/memory").isTextual(), name);
                }
            });
        }
    }

    @Test
    void probesPointAtDeclaredPorts() {
        for (List<JsonNode> docs : List.of(defaults, full)) {
            kind(docs, "Deployment").forEach(d -> {
                JsonNode c = d.at("/spec/template/spec/containers/0");
                List<String> ports = StreamSupport.stream(c.path("ports").spliterator(), false).map(p -> p.path("name").asText()).toList();
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    JsonNode get = c.path(probe).path("httpGet");
                    assertTrue(get.path("path").asText().startsWith("/"), d.at("/metadata/name") + " " + probe);
                    assertTrue(ports.contains(get.path("port").asText()), probe + " port " + get.path("port") + " not in " + ports);
                }
            });
            JsonNode cp = get(docs, "Deployment", name(docs, "control-plane")).at("/spec/template/spec/containers/0");
            assertEquals("/health/liveness", cp.at("/livenessProbe/httpGet/path").asText());
            assertEquals("/health/readiness", cp.at("/readinessProbe/httpGet/path").asText());
            JsonNode op = get(docs, "Deployment", name(docs, "operator")).at("/spec/template/spec/containers/0");
            assertEquals("/-/healthy", op.at("/livenessProbe/httpGet/path").asText());
        }
    }

    /** The probe paths are answered by the real processes: the control plane and the operator's metrics server. */
    @Test
    void probePathsAreServed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (TestDatabase db = TestDatabase.h2(); ControlPlaneServer cp = ControlPlaneServer.start(db)) {
            JsonNode c = get(defaults, "Deployment", "mlctl-control-plane").at("/spec/template/spec/containers/0");
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                URI uri = cp.url().resolve(c.at("/" + probe + "/httpGet/path").asText());
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), uri + ": " + r.body());
                assertTrue(r.body().contains("\"UP\""), r.body());
            }
        }
        // the operator serves its probes from the same Prometheus HTTPServer that OperatorMain starts for /metrics
        try (HTTPServer metrics = HTTPServer.builder().port(0).registry(new PrometheusRegistry()).buildAndStart()) {
            JsonNode c = get(defaults, "Deployment", "mlctl-operator").at("/spec/template/spec/containers/0");
            URI uri = URI.create("http://127.0.0.1:" + metrics.getPort() + c.at("/livenessProbe/httpGet/path").asText());
            assertEquals(200, http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).statusCode(), uri.toString());
        }
    }

    @Test
    void imagesDefaultToTheAppVersionAndFollowValues() {
        assertEquals("ghcr.io/mlctl/control-plane:0.1.0", image(defaults, "control-plane"));
        assertEquals("ghcr.io/mlctl/rollout-operator:0.1.0", image(defaults, "operator"));
        assertEquals("registry.example.com/platform/mlctl-control-plane:1.4.3", image(full, "control-plane"));
        assertEquals("registry.example.com/platform/mlctl-operator:1.4.2", image(full, "operator"));
        assertEquals("registry-credentials", get(full, "Deployment", "ml-operator").at("/spec/template/spec/imagePullSecrets/0/name").asText());
    }

    @Test
    void controlPlaneGetsItsDatabaseAndAdminTokenFromSecrets() {
        Map<String, JsonNode> env = env(defaults, "control-plane");
        assertEquals("jdbc:postgresql://postgresql:5432/mlctl", env.get("MLCTL_DB_URL").path("value").asText());
        assertSecret(env, "MLCTL_DB_USER", "mlctl-db", "username");
        assertSecret(env, "MLCTL_DB_PASSWORD", "mlctl-db", "password");
        assertSecret(env, "MLCTL_ADMIN_TOKEN", "mlctl-admin-token", "token");
        env = env(full, "control-plane");
        assertSecret(env, "MLCTL_DB_PASSWORD", "pg-credentials", "pass");
        assertSecret(env, "MLCTL_ADMIN_TOKEN", "bootstrap", "admin");
        assertEquals("9090", env.get("MLCTL_PORT").path("value").asText());
        assertEquals("1m", env.get("MLCTL_DRIFT_WINDOW").path("value").asText());
        assertTrue(env.containsKey("MLCTL_SERVER_EXTRA"));
        assertFalse(env.values().stream().anyMatch(e -> e.path("value").asText().contains("password")), "no secret inline");
    }

    @Test
    void operatorTalksToTheControlPlaneServiceAndHoldsItsLease() {
        for (List<JsonNode> docs : List.of(defaults, full)) {
            Map<String, JsonNode> env = env(docs, "operator");
            JsonNode svc = get(docs, "Service", name(docs, "control-plane"));
            assertEquals("http://" + svc.at("/metadata/name").asText() + "." + Chart.NAMESPACE + ".svc:" + svc.at("/spec/ports/0/port").asInt(),
                    env.get("MLCTL_SERVER").path("value").asText());
            assertEquals("metadata.namespace", env.get("POD_NAMESPACE").at("/valueFrom/fieldRef/fieldPath").asText());
            JsonNode lease = get(docs, "Role", name(docs, "operator") + "-leader-election");
            assertEquals(List.of(env.get("MLCTL_LEASE_NAME").path("value").asText()), strings(lease.at("/rules/1/resourceNames")));
            assertEquals(Chart.NAMESPACE, lease.at("/metadata/namespace").asText());
        }
        assertSecret(env(defaults, "operator"), "MLCTL_TOKEN", "mlctl-operator-token", "token");
        assertEquals("", env(defaults, "operator").get("MLCTL_WATCH_NAMESPACES").path("value").asText());
        assertEquals("ml-serving,ml-staging", env(full, "operator").get("MLCTL_WATCH_NAMESPACES").path("value").asText());
    }

    @Test
    void loggersGetTheirImageAndOneIngestTokenSharedWithTheControlPlane() {
        Map<String, JsonNode> op = env(defaults, "operator");
        assertEquals("ghcr.io/mlctl/inference-logger:0.1.0", op.get("MLCTL_LOGGER_IMAGE").path("value").asText());
        assertEquals("mlctl-logger-token", op.get("MLCTL_LOGGER_TOKEN_SECRET").path("value").asText());
        assertSecret(op, "MLCTL_INGEST_TOKEN", "mlctl-ingest-token", "token");
        assertSecret(env(defaults, "control-plane"), "MLCTL_INGEST_TOKEN", "mlctl-ingest-token", "token");
        JsonNode secret = get(defaults, "Secret", "mlctl-ingest-token");
        String token = new String(java.util.Base64.getDecoder().decode(secret.at("/data/token").asText()), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(token.matches("[A-Za-z0-9]{48}"), "a random token: " + token.length() + " characters");
        // the operator may touch no Secret but its copies: list, watch and patch by name, create (not limitable)
        JsonNode rules = get(defaults, "ClusterRole", "mlctl-operator").path("rules");
        List<String> secretRules = new java.util.ArrayList<>();
        rules.forEach(r -> {
            if (strings(r.path("resources")).contains("secrets")) {
                secretRules.add(strings(r.path("resourceNames")) + ":" + strings(r.path("verbs")));
            }
        });
        assertEquals(List.of("[]:[create]", "[mlctl-logger-token]:[list, watch, patch]"), secretRules);

        op = env(full, "operator");
        assertEquals("registry.example.com/platform/mlctl-inference-logger:1.4.1", op.get("MLCTL_LOGGER_IMAGE").path("value").asText());
        assertEquals("ml-logger-token", op.get("MLCTL_LOGGER_TOKEN_SECRET").path("value").asText());
        assertSecret(op, "MLCTL_INGEST_TOKEN", "logger-ingest", "ingest");
        assertSecret(env(full, "control-plane"), "MLCTL_INGEST_TOKEN", "logger-ingest", "ingest");
        assertTrue(kind(full, "Secret").findAny().isEmpty(), "a user-provided token: the chart creates no Secret");
        JsonNode pm = get(full, "PodMonitor", "ml-inference-loggers");
        assertEquals(List.of("ml-serving", "ml-staging"), strings(pm.at("/spec/namespaceSelector/matchNames")));
        assertEquals("logger-admin", pm.at("/spec/podMetricsEndpoints/0/port").asText());
        assertTrue(get(defaults, "PodMonitor", "mlctl-inference-loggers").at("/spec/namespaceSelector/any").asBoolean());
    }

    @Test
    void anUpgradeKeepsTheIngestTokenOfTheInstalledRelease() {
        HelmLookupServer cluster = HelmLookupServer.get();
        org.junit.jupiter.api.Assumptions.assumeTrue(cluster != null, "KUBECONFIG is not set (run through Maven)");
        String fresh = get(defaults, "Secret", "mlctl-ingest-token").at("/data/token").asText();
        cluster.secret(Chart.NAMESPACE, "mlctl-ingest-token", "token", "the-installed-token");
        try {
            JsonNode upgraded = get(Chart.render(null), "Secret", "mlctl-ingest-token");
            assertEquals("the-installed-token", new String(java.util.Base64.getDecoder().decode(upgraded.at("/data/token").asText()),
                    java.nio.charset.StandardCharsets.UTF_8), "lookup keeps the token the control plane and the loggers share");
        } finally {
            cluster.deleteSecret(Chart.NAMESPACE, "mlctl-ingest-token");
        }
        assertFalse(fresh.equals(get(Chart.render(null), "Secret", "mlctl-ingest-token").at("/data/token").asText()),
                "without an installed Secret every render draws a new random token");
    }

    @Test
    void watchedNamespacesGetRolesInsteadOfAClusterRole() {
        assertTrue(Chart.find(full, "ClusterRole", "ml-operator").isEmpty());
        for (String ns : List.of("ml-serving", "ml-staging")) {
            JsonNode role = kind(full, "Role").filter(r -> r.at("/metadata/name").asText().equals("ml-operator")
                    && r.at("/metadata/namespace").asText().equals(ns)).findFirst().orElseThrow(() -> new AssertionError("no Role in " + ns));
            // the same rules, namespaced (values-full names the loggers' token Secret differently)
            assertEquals(get(defaults, "ClusterRole", "mlctl-operator").path("rules").toString()
                    .replace("\"mlctl-logger-token\"", "\"ml-logger-token\""), role.path("rules").toString(), "the same rules, namespaced");
            JsonNode binding = kind(full, "RoleBinding").filter(r -> r.at("/metadata/name").asText().equals("ml-operator")
                    && r.at("/metadata/namespace").asText().equals(ns)).findFirst().orElseThrow();
            assertEquals("ml-operator", binding.at("/subjects/0/name").asText());
            assertEquals(Chart.NAMESPACE, binding.at("/subjects/0/namespace").asText());
        }
    }

    @Test
    void bindingsNameTheServiceAccountsTheDeploymentsRunAs() {
        for (List<JsonNode> docs : List.of(defaults, full)) {
            Stream.concat(kind(docs, "ClusterRoleBinding"), kind(docs, "RoleBinding")).forEach(b -> {
                String sa = b.at("/subjects/0/name").asText();
                assertTrue(Chart.find(docs, "ServiceAccount", sa).isPresent(), "no ServiceAccount " + sa);
                assertTrue(kind(docs, "Deployment").anyMatch(d -> sa.equals(d.at("/spec/template/spec/serviceAccountName").asText())), sa);
                assertTrue(Chart.find(docs, b.at("/roleRef/kind").asText(), b.at("/roleRef/name").asText()).isPresent(), b.toString());
            });
        }
    }

    @Test
    void servicesAndServiceMonitorsSelectThePods() {
        for (List<JsonNode> docs : List.of(defaults, full)) {
            for (String component : List.of("control-plane", "operator")) {
                JsonNode pod = get(docs, "Deployment", name(docs, component)).at("/spec/template");
                JsonNode svc = get(docs, "Service", name(docs, component));
                svc.at("/spec/selector").fields().forEachRemaining(e ->
                        assertEquals(e.getValue().asText(), pod.at("/metadata/labels/" + e.getKey().replace("/", "~1")).asText(), e.getKey()));
                JsonNode sm = get(docs, "ServiceMonitor", name(docs, component));
                sm.at("/spec/selector/matchLabels").fields().forEachRemaining(e ->
                        assertEquals(e.getValue().asText(), svc.at("/metadata/labels/" + e.getKey().replace("/", "~1")).asText(), e.getKey()));
                assertEquals(svc.at("/spec/ports/0/name").asText(), sm.at("/spec/endpoints/0/port").asText());
                assertEquals("/metrics", sm.at("/spec/endpoints/0/path").asText());
                assertEquals(pod.at("/spec/containers/0/ports/0/name").asText(), svc.at("/spec/ports/0/targetPort").asText());
            }
            assertTrue(get(docs, "ServiceMonitor", name(docs, "operator")).at("/spec/endpoints/0/honorLabels").asBoolean(),
                    "mlctl_rollout_* keep the ModelRollout's namespace label");
        }
        assertEquals("kube-prometheus-stack", get(full, "ServiceMonitor", "ml-control-plane").at("/metadata/labels/release").asText());
        assertEquals("15s", get(full, "ServiceMonitor", "ml-control-plane").at("/spec/endpoints/0/interval").asText());
    }

    @Test
    void availabilityAndScaling() {
        assertEquals(1, get(defaults, "PodDisruptionBudget", "mlctl-control-plane").at("/spec/minAvailable").asInt());
        assertEquals(2, get(defaults, "Deployment", "mlctl-control-plane").at("/spec/replicas").asInt());
        assertTrue(kind(defaults, "HorizontalPodAutoscaler").findAny().isEmpty());
        JsonNode hpa = get(full, "HorizontalPodAutoscaler", "ml-control-plane");
        assertEquals("ml-control-plane", hpa.at("/spec/scaleTargetRef/name").asText());
        assertEquals(3, hpa.at("/spec/minReplicas").asInt());
        assertEquals(10, hpa.at("/spec/maxReplicas").asInt());
        assertTrue(get(full, "Deployment", "ml-control-plane").at("/spec/replicas").isMissingNode(), "the HPA owns replicas");
        assertEquals(2, get(full, "PodDisruptionBudget", "ml-control-plane").at("/spec/minAvailable").asInt());
        assertEquals(3, get(full, "Deployment", "ml-operator").at("/spec/replicas").asInt(), "leader election: several replicas");
    }

    @Test
    void dashboardsShipAsSidecarConfigMapsIdenticalToTheFiles() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Chart.root().resolve("dashboards"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(5, files.size(), files.toString());
        for (List<JsonNode> docs : List.of(defaults, full)) {
            List<JsonNode> maps = kind(docs, "ConfigMap").filter(c -> c.at("/metadata/name").asText().contains("-dashboard-")).toList();
            assertEquals(files.size(), maps.size());
            for (Path f : files) {
                String file = f.getFileName().toString();
                JsonNode cm = maps.stream().filter(m -> m.path("data").has(file)).findFirst().orElseThrow(() -> new AssertionError(file));
                assertEquals("1", cm.at("/metadata/labels/grafana_dashboard").asText());
                assertEquals(Files.readString(f).strip(), cm.path("data").path(file).asText().strip(), file);
            }
        }
        assertEquals("mlctl", get(full, "ConfigMap", "ml-dashboard-drift").at("/metadata/annotations/grafana_folder").asText());
    }

    @Test
    void crdIsTheGeneratedOne() throws Exception {
        // Helm installs crds/ before the templates and never templates it: compare what `helm show crds` ships
        List<JsonNode> crds = Chart.crds();
        assertEquals(1, crds.size());
        JsonNode rendered = get(crds, "CustomResourceDefinition", ModelRollout.CRD_NAME);
        try (InputStream in = ModelRollout.class.getResourceAsStream("/META-INF/fabric8/modelrollouts.mlctl.io-v1.yml")) {
            assertEquals(Chart.YAML.readTree(in), rendered, "charts/mlctl/crds is stale: mvn -pl rollout-api package");
        }
    }

    @Test
    void alertRulesFollowValues() {
        JsonNode rule = get(full, "PrometheusRule", "ml");
        assertEquals("kube-prometheus-stack", rule.at("/metadata/labels/release").asText());
        List<JsonNode> alerts = StreamSupport.stream(rule.at("/spec/groups").spliterator(), false)
                .flatMap(g -> StreamSupport.stream(g.path("rules").spliterator(), false)).toList();
        assertTrue(alerts.stream().allMatch(a -> "ml-platform".equals(a.at("/labels/team").asText())));
        Map<String, JsonNode> byName = alerts.stream().collect(Collectors.toMap(a -> a.path("alert").asText(), Function.identity()));
        assertEquals("30m", byName.get("MlctlDriftDetected").path("for").asText());
        assertTrue(byName.get("MlctlControlPlaneDown").path("expr").asText().contains("job=\"ml-control-plane\", namespace=\"mlctl\""));
        assertTrue(byName.get("MlctlIngestRejectionsHigh").path("expr").asText().contains("> 0.1"));
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** The Deployment/Service name of a component in a rendering (mlctl-... by default, ml-... in values-full). */
    private static String name(List<JsonNode> docs, String component) {
        return kind(docs, "Deployment").map(d -> d.at("/metadata/name").asText())
                .filter(n -> n.endsWith("-" + component)).findFirst().orElseThrow();
    }

    private static String image(List<JsonNode> docs, String component) {
        return get(docs, "Deployment", name(docs, component)).at("/spec/template/spec/containers/0/image").asText();
    }

    private static Map<String, JsonNode> env(List<JsonNode> docs, String component) {
        Map<String, JsonNode> env = new java.util.LinkedHashMap<>();
        get(docs, "Deployment", name(docs, component)).at("/spec/template/spec/containers/0/env")
                .forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    private static void assertSecret(Map<String, JsonNode> env, String var, String secret, String key) {
        JsonNode ref = env.get(var).at("/valueFrom/secretKeyRef");
        assertEquals(secret, ref.path("name").asText(), var);
        assertEquals(key, ref.path("key").asText(), var);
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
