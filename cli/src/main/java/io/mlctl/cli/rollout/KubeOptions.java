package io.mlctl.cli.rollout;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Mixin for where rollouts live: the Kubernetes API of the user's kubeconfig ({@code --kubeconfig}, else
 * {@code KUBECONFIG}, else {@code ~/.kube/config}, else the in-cluster service account) and a namespace
 * ({@code -n}, else the kubeconfig context's, else {@code default}).
 */
public final class KubeOptions {
    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Namespace (default: the kubeconfig context's, else default).")
    String namespace;

    @Option(names = {"--kubeconfig"}, paramLabel = "FILE", description = "kubeconfig file (env KUBECONFIG, default ~/.kube/config).")
    Path kubeconfig;

    @Option(names = {"--context"}, paramLabel = "NAME", description = "kubeconfig context (default: the current one).")
    String context;

    private Config config;

    Config config() {
        if (config == null) {
            if (kubeconfig != null) {
                if (!Files.isReadable(kubeconfig)) {
                    throw new CliException(ExitCodes.USAGE, "cannot read kubeconfig " + kubeconfig);
                }
                config = Config.fromKubeconfig(context, kubeconfig.toFile());
            } else {
                config = Config.autoConfigure(context);
            }
            // a person is waiting: fail fast instead of the client's default ten retries with backoff
            config.setRequestRetryBackoffLimit(1);
            config.setRequestRetryBackoffInterval(250);
            config.setConnectionTimeout(5_000);
        }
        return config;
    }

    public String namespace() {
        if (namespace != null && !namespace.isBlank()) {
            return namespace;
        }
        String ns = config().getNamespace();
        return ns == null || ns.isBlank() ? "default" : ns;
    }

    public KubernetesClient client() {
        return new KubernetesClientBuilder().withConfig(config()).build();
    }
}
