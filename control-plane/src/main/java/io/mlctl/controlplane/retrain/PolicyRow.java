package io.mlctl.controlplane.retrain;

import io.mlctl.api.retrain.RetrainPolicy;
import io.mlctl.api.common.Durations;

import java.time.Duration;
import java.time.Instant;

/** A stored retrain policy, secret and templates included (never sent to clients as such). */
record PolicyRow(String model, String webhook, String secret, String on, double minDriftShare, int consecutive,
                 int minLabels, Duration cooldown, String jobTemplate, String jobNamespace, String rolloutTemplate,
                 String rolloutNamespace, boolean enabled, Instant updatedAt, String updatedBy) {

    RetrainPolicy view() {
        return new RetrainPolicy(model, webhook, secret != null && !secret.isEmpty(), on, minDriftShare, consecutive,
                minLabels,                 Durations.format(cooldown), jobTemplate != null, jobNamespace, rolloutTemplate != null,
                rolloutNamespace, enabled, updatedAt, updatedBy);
    }
}
