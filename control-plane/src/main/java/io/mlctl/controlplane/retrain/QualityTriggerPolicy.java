package io.mlctl.controlplane.retrain;

import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.quality.QualityReport;
import io.mlctl.api.quality.QualityWindow;
import io.mlctl.controlplane.ingest.LabelsStored;
import io.mlctl.controlplane.db.Jdbc;
import io.mlctl.controlplane.quality.QualityService;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies the quality comparisons of a model's retrain policy ({@code --on 'roc_auc<0.85'}) whenever labels change a
 * version's windows: after a batch of labels commits (late labels included), a few seconds later and off the request
 * path, the version's windows are computed as {@code GET .../quality} answers them. A window with fewer than
 * {@code minLabels} labelled predictions never fires; otherwise the newest window whose realized metrics meet a
 * comparison fires one trigger (reason {@code quality}), unless one was already fired for that window or the
 * policy's cooldown is running. Deciding happens with the policy row locked, as for drift, so two processes cannot
 * both fire.
 */
@Singleton
public class QualityTriggerPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(QualityTriggerPolicy.class);
    static final String REASON = "quality";

    private final Jdbc jdbc;
    private final PolicyStore policies;
    private final TriggerStore triggers;
    private final QualityService quality;
    private final TriggerDispatcher dispatcher;
    private final RetrainMetrics metrics;
    private final Set<LabelsStored> pending = ConcurrentHashMap.newKeySet();

    public QualityTriggerPolicy(Jdbc jdbc, PolicyStore policies, TriggerStore triggers,
                                QualityService quality, TriggerDispatcher dispatcher, RetrainMetrics metrics) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.triggers = triggers;
        this.quality = quality;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
    }

    @EventListener
    void onLabels(LabelsStored event) {
        pending.add(event);
    }

    @Scheduled(fixedDelay = "${mlctl.quality.gauge-interval:5s}")
    void evaluatePending() {
        for (LabelsStored v : List.copyOf(pending)) {
            pending.remove(v);
            try {
                evaluate(v.model(), v.version());
            } catch (RuntimeException e) {
                // the labels are stored; the next batch for the version evaluates its windows again
                LOG.warn("applying the quality conditions of {}'s retrain policy to version {} failed: {}",
                        v.model(), v.version(), e.toString());
            }
        }
    }

    /** Fires a trigger for the newest breaching window of the version, if the policy says so; answers its id. */
    Optional<Long> evaluate(String model, int version) {
        Optional<PolicyRow> policy = jdbc.read(c -> policies.find(c, model, false));
        if (policy.isEmpty() || !policy.get().enabled() || policy.get().on() == null) {
            return Optional.empty();
        }
        Condition condition = Condition.parse(policy.get().on());
        if (condition.quality().isEmpty()) {
            return Optional.empty();
        }
        QualityReport report;
        try {
            report = quality.report(model, version, 10_000);
        } catch (ProblemException e) {
            return Optional.empty(); // the version is gone, or its schema declares no quality task
        }
        List<Breach> breaches = new ArrayList<>();
        for (QualityWindow w : report.items()) {
            if (w.labeled() >= policy.get().minLabels()) {
                List<Condition.QualityComparison> met = condition.breached(w.metrics());
                if (!met.isEmpty()) {
                    breaches.add(new Breach(w, met));
                }
            }
        }
        if (breaches.isEmpty()) {
            return Optional.empty();
        }
        Optional<Long> fired = jdbc.write(c -> {
            Optional<PolicyRow> locked = policies.find(c, model, true);
            if (locked.isEmpty() || !locked.get().enabled() || !policy.get().on().equals(locked.get().on())) {
                return Optional.<Long>empty(); // changed meanwhile: the next batch decides under the new policy
            }
            PolicyRow p = locked.get();
            for (Breach b : breaches) {
                if (triggers.firedForWindow(c, model, version, b.window().windowStart())) {
                    continue;
                }
                Instant now = Instant.now();
                Optional<Instant> last = triggers.lastFired(c, model);
                if (last.isPresent() && last.get().plus(p.cooldown()).isAfter(now)) {
                    LOG.info("quality of {}/{} in the window from {} meets the retrain policy, but the cooldown "
                            + "since the trigger at {} lasts until {}", model, version, b.window().windowStart(),
                            last.get(), last.get().plus(p.cooldown()));
                    return Optional.<Long>empty();
                }
                long id = triggers.insert(c, model, version, REASON, null, b.window().windowStart(),
                        evidence(b, condition, p), "system", now);
                LOG.info("retrain trigger {} fired for {}/{} by the quality of the window from {}", id, model,
                        version, b.window().windowStart());
                return Optional.of(id);
            }
            return Optional.<Long>empty();
        });
        if (fired.isPresent()) {
            metrics.fired(model, REASON);
            dispatcher.wake();
        }
        return fired;
    }

    private record Breach(QualityWindow window, List<Condition.QualityComparison> met) {
    }

    private static Map<String, Object> evidence(Breach b, Condition condition, PolicyRow p) {
        QualityWindow w = b.window();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("windowStart", w.windowStart().toString());
        e.put("windowEnd", w.windowEnd().toString());
        e.put("predictions", w.predictions());
        e.put("labeled", w.labeled());
        e.put("coverage", w.coverage());
        e.put("minLabels", p.minLabels());
        e.put("condition", condition.text());
        e.put("breached", b.met().stream().map(q -> Map.of("metric", q.metric(), "op", q.op(),
                "threshold", q.threshold(), "value", w.metrics().get(q.metric()))).toList());
        e.put("metrics", w.metrics());
        if (w.estimated() != null) {
            e.put("estimated", w.estimated());
        }
        return e;
    }
}
