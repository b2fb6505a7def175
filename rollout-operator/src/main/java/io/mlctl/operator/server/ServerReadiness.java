package io.mlctl.operator.server;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

/** Whether a model server's Deployment finished rolling out, as {@code kubectl rollout status} judges it. */
public final class ServerReadiness {
    private ServerReadiness() {
    }

    public static boolean ready(Deployment d, int replicas) {
        if (d == null || d.getStatus() == null) {
            return false;
        }
        DeploymentStatus s = d.getStatus();
        Long observed = s.getObservedGeneration();
        Long generation = d.getMetadata().getGeneration();
        if (observed != null && generation != null && observed < generation) {
            return false;
        }
        return nz(s.getUpdatedReplicas()) >= replicas && nz(s.getReadyReplicas()) >= replicas
                && nz(d.getSpec().getReplicas()) >= replicas;
    }

    /** e.g. "1/2 replicas ready". */
    public static String describe(Deployment d, int replicas) {
        int ready = d == null || d.getStatus() == null ? 0 : nz(d.getStatus().getReadyReplicas());
        return ready + "/" + replicas + " replicas ready";
    }

    private static int nz(Integer i) {
        return i == null ? 0 : i;
    }
}
