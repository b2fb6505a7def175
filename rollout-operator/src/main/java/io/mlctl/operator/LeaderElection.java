package io.mlctl.operator;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Leader election of several operator replicas on one Lease. JOSDK's default ends the JVM with System.exit whenever
 * leadership ends, also when the operator is being stopped from the shutdown hook (SIGTERM), where System.exit
 * blocks for good: the pod would hang until the kubelet kills it. Here a replica that loses the Lease while running
 * still exits at once (two leaders must never reconcile), but a deliberate stop ({@link #stopping()}) does not.
 */
public final class LeaderElection {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Runnable onLost;

    /** Exits the JVM (status 1) when the Lease is lost. */
    public LeaderElection() {
        this(() -> System.exit(1));
    }

    /** {@code onLost} runs when leadership ends while the operator is not stopping. */
    public LeaderElection(Runnable onLost) {
        this.onLost = onLost;
    }

    public LeaderElectionConfiguration configuration(String leaseName, String leaseNamespace, String identity) {
        return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(leaseName)
                .withLeaseNamespace(leaseNamespace)
                .withIdentity(identity)
                .withExitOnStopLeading(false)
                .withLeaderCallbacks(new LeaderCallbacks(
                        () -> LOG.info("{} leads: reconciling ModelRollouts", identity),
                        this::ended,
                        leader -> LOG.info("the leader is {}", leader)))
                .build();
    }

    /** Says that the operator is being stopped on purpose: leadership ending is then expected. */
    public void stopping() {
        stopping.set(true);
    }

    private void ended() {
        if (stopping.get()) {
            LOG.info("released the lease");
            return;
        }
        LOG.error("lost the lease: exiting so that no two replicas reconcile at once");
        onLost.run();
    }
}
