package io.mlctl.controlplane.retrain;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.Scheduled;
import io.mlctl.api.retrain.RetrainTrigger;
import io.mlctl.controlplane.db.Jdbc;
import io.mlctl.rollout.api.Durations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Delivers pending triggers: claims one (a lease in the database, so exactly one process delivers it, and a process
 * that dies mid-delivery hands it on when the lease runs out), POSTs the signed webhook (retried with backoff) and/or
 * creates the Job, and stores the outcome. Runs on a timer and right after a trigger is written.
 */
@Singleton
public class TriggerDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(TriggerDispatcher.class);
    private static final String INSTANCE = ManagementFactory.getRuntimeMXBean().getName();

    private final Jdbc jdbc;
    private final TriggerStore triggers;
    private final PolicyStore policies;
    private final WebhookSender webhooks;
    private final JobLauncher jobs;
    private final KubernetesAccess kubernetes;
    private final JsonMapper json;
    private final RetrainMetrics metrics;
    private final ExecutorService executor;
    private final Duration lease;

    public TriggerDispatcher(Jdbc jdbc, TriggerStore triggers, PolicyStore policies,
                             WebhookSender webhooks, JobLauncher jobs, KubernetesAccess kubernetes, JsonMapper json,
                             RetrainMetrics metrics,
                             @Named(TaskExecutors.BLOCKING) ExecutorService executor,
                             @Value("${mlctl.retrain.lease:2m}") String lease) {
        this.jdbc = jdbc;
        this.triggers = triggers;
        this.policies = policies;
        this.webhooks = webhooks;
        this.jobs = jobs;
        this.kubernetes = kubernetes;
        this.json = json;
        this.metrics = metrics;
        this.executor = executor;
        this.lease = Durations.parse(lease);
    }

    /** Delivers what is due soon, off the caller's thread. */
    public void wake() {
        executor.execute(this::dispatchDue);
    }

    @Scheduled(fixedDelay = "${mlctl.retrain.dispatch-interval:2s}", initialDelay = "3s")
    void dispatchDue() {
        try {
            Instant now = Instant.now();
            List<Long> due = jdbc.read(c -> {
                return triggers.due(c, now, 20);
            });
            for (long id : due) {
                deliver(id);
            }
        } catch (RuntimeException e) {
            LOG.warn("retrain delivery round failed, will retry: {}", e.toString());
        }
    }

    private void deliver(long id) {
        Instant now = Instant.now();
        boolean claimed = jdbc.write(c -> {
            return triggers.claim(c, id, INSTANCE, now, now.plus(lease));
        });
        if (!claimed) {
            return;
        }
        RetrainTrigger t = jdbc.read(c -> triggers.get(c, id)).orElseThrow();
        Optional<PolicyRow> policy = jdbc.read(c -> policies.find(c, t.model(), false));
        String error = null;
        String note = null;
        String jobName = null;
        if (policy.isEmpty()) {
            error = "the model has no retrain policy (set one with mlctl retrain set-policy)";
        } else {
            PolicyRow p = policy.get();
            if (p.webhook() != null) {
                try {
                    webhooks.send(p.webhook(), p.secret(), t.id(), body(t));
                } catch (WebhookSender.DeliveryException e) {
                    error = e.getMessage() + " (after retries)";
                }
            }
            if (p.jobTemplate() != null) {
                Optional<KubernetesClient> k8s = kubernetes.client();
                if (k8s.isEmpty()) {
                    note = "job template not used: the control plane does not run in a Kubernetes cluster";
                    if (p.webhook() == null) {
                        error = note;
                    }
                } else {
                    try {
                        jobName = jobs.launch(k8s.get(), p.jobTemplate(), p.jobNamespace(), t);
                    } catch (RuntimeException e) {
                        error = (error == null ? "" : error + "; ") + "creating the Job failed: " + e.getMessage();
                    }
                }
            }
        }
        String finalError = error;
        String finalJob = jobName;
        String finalNote = note;
        jdbc.write(c -> {
            if (finalError == null) {
                triggers.delivered(c, id, finalJob, finalNote, Instant.now());
            } else {
                triggers.failed(c, id, finalError);
            }
            return null;
        });
        metrics.delivered(t.model(), finalError == null);
        if (finalError == null) {
            LOG.info("retrain trigger {} of {} delivered{}", id, t.model(), finalJob == null ? "" : " (job " + finalJob + ")");
        } else {
            LOG.warn("retrain trigger {} of {} failed: {}", id, t.model(), finalError);
        }
    }

    /** The webhook's JSON body: the trigger, and how to register its answer. */
    byte[] body(RetrainTrigger t) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("id", t.id());
        b.put("model", t.model());
        b.put("version", t.version());
        b.put("reason", t.reason());
        b.put("createdAt", t.createdAt().toString());
        b.put("evidence", t.evidence());
        b.put("triggeredBy", t.triggeredBy());
        b.put("register", "register the retrained version with lineage.triggeredBy = \"" + t.triggeredBy()
                + "\" to complete this trigger");
        try {
            return json.writeValueAsBytes(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
