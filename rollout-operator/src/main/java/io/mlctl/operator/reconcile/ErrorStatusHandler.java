package io.mlctl.operator.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.mlctl.rollout.api.Conditions;
import io.mlctl.rollout.api.ModelRollout;
import io.mlctl.rollout.api.ModelRolloutStatus;
import io.mlctl.rollout.api.RolloutPhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;

/**
 * What a failure does to a rollout. A spec that cannot run fails it (phase Failed, InvalidSpec True) until a new
 * generation fixes it; a control plane that cannot be asked only delays it; anything else is left to JOSDK, which
 * retries the whole reconciliation with backoff (every step starts again from the status, so a retry repeats
 * nothing that was recorded).
 */
final class ErrorStatusHandler {
    static final Duration RETRY_SOON = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(ErrorStatusHandler.class);

    private final StatusRecorder recorder;

    ErrorStatusHandler(StatusRecorder recorder) {
        this.recorder = recorder;
    }

    UpdateControl<ModelRollout> invalid(ModelRollout rollout, Context<ModelRollout> context, String reason, String message) {
        recorder.condition(rollout, Conditions.INVALID_SPEC, true, reason, message);
        recorder.condition(rollout, Conditions.PROGRESSING, false, reason, message);
        recorder.phase(rollout, RolloutPhase.FAILED, reason, "invalid: " + message);
        return recorder.write(rollout, context, null, false);
    }

    UpdateControl<ModelRollout> controlPlaneUnavailable(ModelRollout rollout, Context<ModelRollout> context, String message) {
        recorder.message(rollout, "waiting for the control plane: " + message);
        return recorder.write(rollout, context, RETRY_SOON, false);
    }

    /** A rollout that failed on its spec starts over once the user changed the spec (a new generation). */
    static boolean fixedAfterInvalidSpec(ModelRollout rollout) {
        ModelRolloutStatus s = rollout.getStatus();
        boolean invalid = s.getPhase() == RolloutPhase.FAILED && s.getConditions().stream()
                .anyMatch(c -> Conditions.INVALID_SPEC.equals(c.getType()) && "True".equals(c.getStatus()));
        return invalid && !Objects.equals(s.getObservedGeneration(), rollout.getMetadata().getGeneration());
    }

    /**
     * An unexpected exception (an API server error while applying or writing): nothing is written, since the write
     * may be what failed, and JOSDK retries with its backoff.
     */
    ErrorStatusUpdateControl<ModelRollout> unexpected(ModelRollout rollout, Exception e) {
        LOG.debug("{}/{} failed in phase {}; retrying: {}", rollout.getMetadata().getNamespace(), rollout.getMetadata().getName(),
                rollout.getStatus() == null ? null : rollout.getStatus().getPhase(), e.toString());
        return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
}
