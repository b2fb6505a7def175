package io.mlctl.operator.reconcile;

import io.mlctl.operator.server.ServerConfig;

/** What the operator found out about a rollout before deciding: the two versions and how to serve them. */
public record Observation(ServerConfig baseline, ServerConfig candidate) {
}
