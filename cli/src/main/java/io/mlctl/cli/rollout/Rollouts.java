package io.mlctl.cli.rollout;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.rollout.api.ModelRollout;

import java.io.IOException;
import java.net.ConnectException;
import java.util.function.Supplier;

/** ModelRollout resources through the Kubernetes API, with API failures turned into one-line CLI errors. */
final class Rollouts implements AutoCloseable {
    private final KubernetesClient client;
    private final String namespace;
    private final String server;

    Rollouts(KubeOptions kube) {
        this.client = kube.client();
        this.namespace = kube.namespace();
        this.server = client.getConfiguration().getMasterUrl();
    }

    String namespace() {
        return namespace;
    }

    KubernetesClient client() {
        return client;
    }

    MixedOperation<ModelRollout, KubernetesResourceList<ModelRollout>, Resource<ModelRollout>> api() {
        return client.resources(ModelRollout.class);
    }

    /** The rollout, or a not-found error (exit 4). */
    ModelRollout get(String name) {
        ModelRollout r = call(() -> api().inNamespace(namespace).withName(name).get());
        if (r == null) {
            throw new CliException(ExitCodes.NOT_FOUND, "modelrollout " + name + " not found in namespace " + namespace);
        }
        return r;
    }

    <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (KubernetesClientException e) {
            throw translate(e);
        }
    }

    CliException translate(KubernetesClientException e) {
        if (e.getCode() == 404) {
            String what = e.getMessage() != null && e.getMessage().contains("the server could not find the requested resource")
                    ? "the ModelRollout CRD is not installed in this cluster (helm install the mlctl chart, or kubectl apply charts/mlctl/crds)"
                    : e.getMessage();
            return new CliException(ExitCodes.NOT_FOUND, what, e);
        }
        if (e.getCode() == 409) {
            return new CliException(ExitCodes.FAILED, e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage() : e.getMessage(), e);
        }
        if (e.getCode() == 0 || causedBy(e, ConnectException.class) || causedBy(e, IOException.class)) {
            return new CliException(ExitCodes.UNREACHABLE, "cannot reach the Kubernetes API at " + server
                    + " (check --kubeconfig / KUBECONFIG and the context)", e);
        }
        String detail = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        return new CliException(ExitCodes.FAILED, "Kubernetes API: HTTP " + e.getCode() + ": " + detail, e);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        client.close();
    }
}
