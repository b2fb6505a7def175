package io.mlctl.operator;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.mlctl.operator.controlplane.ControlPlaneDrift;
import io.mlctl.operator.controlplane.HttpControlPlane;
import io.mlctl.operator.strategy.AbTestRun;
import io.mlctl.operator.strategy.CanaryRun;
import io.mlctl.operator.strategy.ShadowRun;
import io.mlctl.operator.strategy.Strategies;
import io.mlctl.operator.testing.TestCluster;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A replica that is stopped (SIGTERM: OperatorMain's shutdown hook) releases leadership without exiting the JVM from
 * inside the hook, which would hang the pod until it is killed; one that loses leadership while running exits.
 */
class LeaderElectionStopTest {
    @Test
    void aDeliberateStopReleasesLeadershipWithoutExiting() throws Exception {
        assertEquals(0, runLeaderThenStop(true));
    }

    @Test
    void endingLeadershipWhileRunningExits() throws Exception {
        assertEquals(1, runLeaderThenStop(false), "leadership ended without a stop: the replica must exit");
    }

    /** How often the replica would have exited. */
    private static int runLeaderThenStop(boolean deliberate) throws Exception {
        AtomicInteger exits = new AtomicInteger();
        LeaderElection leadership = new LeaderElection(exits::incrementAndGet);
        try (TestCluster cluster = TestCluster.start()) {
            cluster.allowLeases();
            cluster.createNamespace("mlctl");
            HttpControlPlane cp = new HttpControlPlane(URI.create("http://127.0.0.1:9"), null, Duration.ofSeconds(1));
            RolloutOperator operator = RolloutOperator.create(new RolloutOperator.Settings(cluster.client(), cp, null,
                    new ControlPlaneDrift(cp), new Strategies(new CanaryRun(), new ShadowRun(cp), new AbTestRun(cp)),
                    new PrometheusRegistry(), Clock.systemUTC(), Set.of(), false,
                    leadership.configuration("mlctl-operator", "mlctl", "replica-0"), 1)).start();
            Awaitility.await("leading").atMost(Duration.ofSeconds(30)).until(() -> {
                Lease l = cluster.client().leases().inNamespace("mlctl").withName("mlctl-operator").get();
                return l != null && "replica-0".equals(l.getSpec().getHolderIdentity());
            });
            if (deliberate) {
                leadership.stopping();
            }
            operator.close();
            return exits.get();
        }
    }
}
