package io.mlctl.operator.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.mlctl.operator.server.ServerNames;
import io.mlctl.operator.traffic.ModelRoute;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutStatus;

import java.util.Comparator;
import java.util.Optional;

/**
 * Who moves an HTTPRoute: one unfinished rollout at a time, the oldest first; a rollout deleted mid-way hands the
 * route back to its baseline.
 */
final class RouteOwnership {
    private RouteOwnership() {
    }

    /** An older, unfinished rollout that moves the same route goes first. */
    static Optional<ModelRollout> movedByAnother(ModelRollout rollout, Context<ModelRollout> context) {
        String ns = ModelRoute.namespace(rollout);
        String name = rollout.getSpec().traffic().httpRoute();
        Comparator<ModelRollout> age = Comparator.comparing((ModelRollout r) -> r.getMetadata().getCreationTimestamp(),
                Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(r -> r.getMetadata().getName());
        return context.getPrimaryCache().list()
                .filter(r -> r != rollout && !r.getMetadata().getUid().equals(rollout.getMetadata().getUid()))
                .filter(r -> r.getSpec() != null && r.getSpec().traffic() != null)
                .filter(r -> name.equals(r.getSpec().traffic().httpRoute()) && ns.equals(ModelRoute.namespace(r)))
                .filter(r -> r.getStatus() == null || r.getStatus().getPhase() == null || !r.getStatus().getPhase().isTerminal())
                .filter(r -> age.compare(r, rollout) < 0)
                .min(age);
    }

    static String waitingMessage(ModelRollout rollout, ModelRollout other) {
        return "waiting for rollout " + other.getMetadata().getName() + " to finish: it is moving the same HTTPRoute "
                + ModelRoute.namespace(rollout) + "/" + rollout.getSpec().traffic().httpRoute();
    }

    /** True for a rollout that may have moved traffic and not finished: deleting it must hand the route back. */
    static boolean holdsTraffic(ModelRollout rollout) {
        ModelRolloutStatus s = rollout.getStatus();
        return s != null && s.getPhase() != null && !s.getPhase().isTerminal() && s.getBaselineVersion() != null
                && s.getCandidateVersion() != null && rollout.getSpec() != null && rollout.getSpec().traffic() != null;
    }

    /** All traffic back on the baseline, if the route is still the one this rollout steered. */
    static void handBack(ModelRollout rollout, Context<ModelRollout> context) {
        String model = rollout.getSpec().model();
        ModelRolloutStatus s = rollout.getStatus();
        ModelRoute.restoreBaseline(context.getClient(), rollout, ServerNames.serverName(model, s.getBaselineVersion()),
                ServerNames.serverName(model, s.getCandidateVersion()));
    }
}
