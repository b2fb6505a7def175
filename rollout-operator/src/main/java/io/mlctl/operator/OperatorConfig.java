package io.mlctl.operator;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's settings, from the environment (the Helm chart sets them):
 * <ul>
 * <li>{@code MLCTL_SERVER} control-plane URL (default http://mlctl-control-plane:8080), {@code MLCTL_TOKEN} its
 * bearer token (an editor token: the operator moves aliases, creates experiments, triggers retrains);</li>
 * <li>{@code MLCTL_PROMETHEUS_URL} Prometheus for guardrails (unset: query guardrails are Inconclusive);</li>
 * <li>{@code MLCTL_WATCH_NAMESPACES} comma-separated namespaces to watch (unset or empty: all);</li>
 * <li>{@code MLCTL_METRICS_PORT} port of the operator's /metrics (default 8080; 0 disables it);</li>
 * <li>{@code MLCTL_LEADER_ELECTION} true (default) to run several replicas with one active, using the Lease
 * {@code MLCTL_LEASE_NAME} (default mlctl-operator) in {@code MLCTL_LEASE_NAMESPACE} (default: {@code POD_NAMESPACE},
 * the namespace the pod runs in);</li>
 * <li>{@code MLCTL_RECONCILE_THREADS} concurrent reconciliations (default 10);</li>
 * <li>{@code MLCTL_HTTP_TIMEOUT} timeout of control-plane and Prometheus requests (default 10s);</li>
 * <li>{@code MLCTL_SERVER_SIDE_APPLY} false for API servers without server-side apply (default true);</li>
 * <li>{@code MLCTL_LOGGER_IMAGE} the inference logger put beside every model server (default
 * {@code ghcr.io/mlctl/inference-logger:<operator version>});</li>
 * <li>{@code MLCTL_INGEST_TOKEN} the ingest token the loggers send samples with, copied into the Secret
 * {@code MLCTL_LOGGER_TOKEN_SECRET} (default mlctl-logger-token) of every rollout namespace (unset: the operator
 * writes no Secret, and one created by hand is used). The loggers send to {@code MLCTL_SERVER}.</li>
 * </ul>
 */
public record OperatorConfig(URI controlPlaneUrl,
                             String controlPlaneToken,
                             URI prometheusUrl,
                             Set<String> namespaces,
                             int metricsPort,
                             boolean leaderElection,
                             String leaseName,
                             String leaseNamespace,
                             int reconcileThreads,
                             Duration httpTimeout,
                             boolean serverSideApply,
                             String loggerImage,
                             String loggerTokenSecret,
                             String ingestToken) {
    public static final String DEFAULT_LOGGER_TOKEN_SECRET = "mlctl-logger-token";

    @Override
    public String toString() {
        // the tokens stay out of logs
        return "OperatorConfig[controlPlaneUrl=" + controlPlaneUrl + ", prometheusUrl=" + prometheusUrl + ", namespaces="
                + namespaces + ", loggerImage=" + loggerImage + ", loggerTokenSecret=" + loggerTokenSecret + "]";
    }

    /** What every inference logger the operator injects gets. */
    public io.mlctl.operator.server.LoggerSidecar.Settings logger() {
        return new io.mlctl.operator.server.LoggerSidecar.Settings(loggerImage, controlPlaneUrl.toString(), loggerTokenSecret, ingestToken);
    }

    /** ghcr.io/mlctl/inference-logger at this operator's own version (the images are released together). */
    public static String defaultLoggerImage() {
        java.util.Properties p = new java.util.Properties();
        try (var in = OperatorConfig.class.getResourceAsStream("operator.properties")) {
            if (in == null) {
                throw new IllegalStateException("operator.properties is missing from the operator's jar");
            }
            p.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return "ghcr.io/mlctl/inference-logger:" + p.getProperty("version");
    }

    public static OperatorConfig fromEnv(Map<String, String> env) {
        String prometheus = blankToNull(env.get("MLCTL_PROMETHEUS_URL"));
        String namespaces = env.getOrDefault("MLCTL_WATCH_NAMESPACES", "");
        return new OperatorConfig(
                URI.create(env.getOrDefault("MLCTL_SERVER", "http://mlctl-control-plane:8080")),
                blankToNull(env.get("MLCTL_TOKEN")),
                prometheus == null ? null : URI.create(prometheus),
                Arrays.stream(namespaces.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet()),
                integer(env, "MLCTL_METRICS_PORT", 8080),
                !"false".equalsIgnoreCase(env.getOrDefault("MLCTL_LEADER_ELECTION", "true")),
                env.getOrDefault("MLCTL_LEASE_NAME", "mlctl-operator"),
                blankToNull(env.getOrDefault("MLCTL_LEASE_NAMESPACE", env.get("POD_NAMESPACE"))),
                integer(env, "MLCTL_RECONCILE_THREADS", 10),
                io.mlctl.api.common.Durations.parse(env.getOrDefault("MLCTL_HTTP_TIMEOUT", "10s")),
                !"false".equalsIgnoreCase(env.getOrDefault("MLCTL_SERVER_SIDE_APPLY", "true")),
                Optional.ofNullable(blankToNull(env.get("MLCTL_LOGGER_IMAGE"))).orElseGet(OperatorConfig::defaultLoggerImage),
                Optional.ofNullable(blankToNull(env.get("MLCTL_LOGGER_TOKEN_SECRET"))).orElse(DEFAULT_LOGGER_TOKEN_SECRET),
                blankToNull(env.get("MLCTL_INGEST_TOKEN")));
    }

    private static int integer(Map<String, String> env, String key, int fallback) {
        String v = blankToNull(env.get(key));
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + " is not a number");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
