package io.mlctl.operator.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.mlctl.operator.server.VersionRole;
import io.mlctl.operator.server.ServerConfig;
import io.mlctl.operator.traffic.TrafficPlan;
import io.mlctl.rollout.api.ModelRollout;

/**
 * The state the Kubernetes objects should be in after this reconciliation: both servers with their replicas, and
 * the traffic split. The reconciler decides it; the dependent resources turn it into objects ({@code desired()}
 * reads only this and the rollout).
 */
public record RolloutPlan(ServerPlan baseline, ServerPlan candidate, TrafficPlan traffic) {
    private static final Object KEY = RolloutPlan.class;

    public ServerPlan server(VersionRole role) {
        return role == VersionRole.BASELINE ? baseline : candidate;
    }

    public void attachTo(Context<ModelRollout> context) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, this);
    }

    public static RolloutPlan of(Context<ModelRollout> context) {
        return context.managedWorkflowAndDependentResourceContext().get(KEY, RolloutPlan.class)
                .orElseThrow(() -> new IllegalStateException("no rollout plan in this reconciliation"));
    }

    /** One version's server and how many replicas it runs now (0 once it lost the rollout). */
    public record ServerPlan(ServerConfig config, int replicas) {
    }
}
