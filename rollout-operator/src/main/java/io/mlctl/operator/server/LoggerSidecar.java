package io.mlctl.operator.server;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.mlctl.rollout.api.LoggingSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The inference logger container the operator puts beside every model server (docs/DESIGN.md "Prediction logging"). It
 * takes the runtime's serving port (so the Service, the HTTPRoute and its RequestMirror reach it unchanged) and
 * forwards to the model server on {@code 127.0.0.1:<serverPort>}; its own /metrics and /health are on the admin port.
 * Its token comes from the per-namespace Secret {@link LoggerTokenSecret} keeps.
 */
public final class LoggerSidecar {
    public static final String CONTAINER = "inference-logger";
    public static final String ADMIN_PORT_NAME = "logger-admin";
    public static final String HEALTH_PATH = "/health";
    public static final String TOKEN_KEY = "token";
    static final String TMP_VOLUME = "logger-tmp";
    /**
     * The logger's own sidecar flags (its image's default, docs/BENCHMARKS.md "Inference logger"), stated in the pod so
     * any image gets them: the heap holds a bounded queue, not the model, and heap, metaspace, code cache and Netty's
     * direct buffers are all capped, so the JVM stays inside the memory limit instead of being OOM-killed (which
     * would also cut the model server off from its traffic).
     */
    public static final String JAVA_OPTIONS = "-Xms16m -Xmx64m -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=64m"
            + " -XX:ReservedCodeCacheSize=32m -XX:MaxDirectMemorySize=32m -XX:TrimNativeHeapInterval=5000"
            + " -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp";

    /**
     * What the operator knows for every logger: its image, the control plane it sends to, and the Secret (in each
     * rollout namespace) holding the ingest token; {@code token} is null when the operator was given none (the
     * Secret is then the user's to create).
     */
    public record Settings(String image, String controlPlaneUrl, String tokenSecret, String token) {
        @Override
        public String toString() {
            return "Settings[image=" + image + ", controlPlaneUrl=" + controlPlaneUrl + ", tokenSecret=" + tokenSecret
                    + ", token=" + (token == null ? "(none)" : "(set)") + "]";
        }
    }

    private LoggerSidecar() {
    }

    /**
     * Default resources: requests cpu 50m, memory 192Mi (the logger's measured RSS under load is about 175 MiB with the
     * flags above); limit memory 256Mi. No CPU limit: throttling would add latency to every request.
     */
    public static ResourceRequirements defaultResources() {
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("50m"))
                .addToRequests("memory", new Quantity("192Mi"))
                .addToLimits("memory", new Quantity("256Mi"))
                .build();
    }

    /** The logger container of the server {@code c} (which must have a logger). */
    public static Container container(ServerConfig c, Settings settings) {
        LoggerConfig l = c.logger();
        List<String> args = List.of(
                "--upstream", "http://127.0.0.1:" + l.serverPort(),
                "--listen", Integer.toString(c.port()),
                "--protocol", l.protocol(),
                "--model", c.model(),
                "--version", Integer.toString(c.version()),
                "--sample-rate", sampleRate(l.sampleRate()),
                "--admin-port", Integer.toString(LoggingSpec.ADMIN_PORT));
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("MLCTL_SERVER", settings.controlPlaneUrl(), null));
        // optional: without the Secret the logger still forwards every request (its sends are refused and counted);
        // a missing Secret must never keep a model server from starting
        env.add(new EnvVarBuilder().withName("MLCTL_TOKEN").withNewValueFrom().withNewSecretKeyRef()
                .withName(settings.tokenSecret()).withKey(TOKEN_KEY).withOptional(true).endSecretKeyRef().endValueFrom().build());
        env.add(new EnvVar("JAVA_TOOL_OPTIONS", JAVA_OPTIONS, null));
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(l.image() != null && !l.image().isBlank() ? l.image() : settings.image())
                .withArgs(args)
                .withPorts(RuntimePreset.port(RuntimePreset.HTTP_PORT_NAME, c.port()),
                        RuntimePreset.port(ADMIN_PORT_NAME, LoggingSpec.ADMIN_PORT))
                .withEnv(env)
                // the logger's /health says whether the logger runs (never whether the control plane is up: an outage
                // must not take pods out of the Service); the model server's own probes say whether the model is loaded
                .withReadinessProbe(health(5, 3))
                .withLivenessProbe(health(10, 6))
                .withResources(l.resources() != null ? l.resources() : defaultResources())
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true).withRunAsNonRoot(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .addNewVolumeMount().withName(TMP_VOLUME).withMountPath("/tmp").endVolumeMount()
                .build();
    }

    /** The writable /tmp a read-only root filesystem needs (the JVM, Netty's native libraries). */
    public static Volume tmpVolume() {
        return new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().withSizeLimit(new Quantity("64Mi")).endEmptyDir().build();
    }

    private static Probe health(int periodSeconds, int failureThreshold) {
        return new ProbeBuilder().withNewHttpGet().withPath(HEALTH_PATH).withPort(new IntOrString(ADMIN_PORT_NAME)).endHttpGet()
                .withPeriodSeconds(periodSeconds).withFailureThreshold(failureThreshold).withTimeoutSeconds(2).build();
    }

    /** 1, 0.25, 0.001: no exponent, no trailing zeros, so the argument reads as written in the spec. */
    static String sampleRate(double r) {
        return new java.math.BigDecimal(Double.toString(r)).stripTrailingZeros().toPlainString().toLowerCase(Locale.ROOT);
    }
}
