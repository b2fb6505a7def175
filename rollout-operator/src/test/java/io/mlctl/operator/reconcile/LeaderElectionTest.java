package io.mlctl.operator.reconcile;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.mlctl.operator.RolloutOperator;
import io.mlctl.operator.testing.OperatorHarness;
import io.mlctl.operator.testing.Registry;
import io.mlctl.rollout.api.RolloutPhase;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.mlctl.operator.testing.Rollouts.canary;
import static io.mlctl.operator.testing.Rollouts.rollout;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two operator replicas: one Lease holder reconciles; when it goes away the other takes over. */
class LeaderElectionTest {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static LeaderElectionConfiguration lease(String identity) {
        return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration("mlctl-operator")
                .withLeaseNamespace("default").withIdentity(identity)
                .withLeaseDuration(Duration.ofSeconds(3)).withRenewDeadline(Duration.ofSeconds(2))
                .withRetryPeriod(Duration.ofMillis(200)).withExitOnStopLeading(false).build();
    }

    private static String holder(OperatorHarness h) {
        Lease l = h.client().leases().inNamespace("default").withName("mlctl-operator").get();
        return l == null || l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
    }

    @Test
    void oneReplicaLeadsAndAnotherTakesOver() throws Exception {
        try (OperatorHarness h = OperatorHarness.start(T0)) {
            h.cluster().allowLeases();
            PrometheusRegistry metricsA = new PrometheusRegistry();
            PrometheusRegistry metricsB = new PrometheusRegistry();
            RolloutOperator a = h.newOperator(metricsA, lease("replica-a")).start();
            Awaitility.await("replica-a leads").atMost(Duration.ofSeconds(20)).until(() -> "replica-a".equals(holder(h)));
            RolloutOperator b = h.newOperator(metricsB, lease("replica-b")).start();
            try {
                Registry registry = new Registry(h.controlPlane());
            int[] v = registry.modelWithTwoVersions("leader", "triton");
            int v1 = v[0];
            int v2 = v[1];
                h.create(rollout("leases", "leader-v2", "leader", Integer.toString(v2), canary("10:10m"), null, false));
                h.await("leases", "leader-v2", "reconciled by the leader", x -> x.getStatus() != null && x.getStatus().getPhase() != null);
                assertTrue(OperatorHarness.metrics(metricsA).contains("mlctl_operator_reconciliations_total{controller=\"modelrollout\",result=\"success\"}"));
                assertFalse(OperatorHarness.metrics(metricsB).contains("mlctl_operator_reconciliations_total{"), "the follower does not reconcile");

                a.close();
                Awaitility.await("replica-b takes over").atMost(Duration.ofSeconds(30)).until(() -> "replica-b".equals(holder(h)));
                h.cluster().markReady("leases", "leader-v1");
                h.cluster().markReady("leases", "leader-v2");
                h.await("leases", "leader-v2", "progressing under the new leader", x -> x.getStatus().getPhase() == RolloutPhase.PROGRESSING);
                assertTrue(OperatorHarness.metrics(metricsB).contains("mlctl_operator_reconciliations_total{controller=\"modelrollout\",result=\"success\"}"));
            } finally {
                b.close();
            }
        }
    }
}
