package io.mlctl.controlplane.retrain;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Kubernetes API, when there is one: the in-cluster configuration (service account) when the control plane runs
 * in a pod, or {@code mlctl.kubernetes.master-url} when set (tests use fabric8's mock API server). Outside a cluster
 * there is none, and job templates and auto-rollouts say so in the trigger instead of failing silently.
 */
@Singleton
public class KubernetesAccess {
    static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private final String masterUrl;
    private final String namespace;
    private KubernetesClient client;
    private boolean resolved;

    public KubernetesAccess(@Value("${mlctl.kubernetes.master-url:}") String masterUrl,
                            @Value("${mlctl.kubernetes.namespace:}") String namespace) {
        this.masterUrl = masterUrl;
        this.namespace = namespace;
    }

    public synchronized Optional<KubernetesClient> client() {
        if (!resolved) {
            resolved = true;
            if (!masterUrl.isBlank()) {
                Config config = new ConfigBuilder().withMasterUrl(masterUrl).withTrustCerts(true)
                        .withNamespace(namespace.isBlank() ? "default" : namespace).build();
                client = new KubernetesClientBuilder().withConfig(config).build();
            } else if (System.getenv("KUBERNETES_SERVICE_HOST") != null && Files.exists(SERVICE_ACCOUNT_TOKEN)) {
                client = new KubernetesClientBuilder().build();
            }
        }
        return Optional.ofNullable(client);
    }

    /** The namespace to use when neither the policy nor the template names one. */
    public String defaultNamespace() {
        return client().map(KubernetesClient::getNamespace).filter(n -> n != null && !n.isBlank()).orElse("default");
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
