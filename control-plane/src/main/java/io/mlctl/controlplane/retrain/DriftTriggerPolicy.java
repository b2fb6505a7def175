package io.mlctl.controlplane.retrain;

import io.mlctl.api.drift.DriftReport;
import io.mlctl.api.drift.FeatureDriftResult;
import io.mlctl.controlplane.drift.DriftReportListener;
import io.mlctl.controlplane.drift.DriftReports;
import io.mlctl.controlplane.db.Jdbc;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies a model's retrain policy to each new window report, inside the window's closing transaction (joined through
 * {@link Jdbc#joined}): the policy row is locked (so two processes closing windows of one model decide one after the
 * other), the last {@code consecutive}
 * reports must all breach, the cooldown must be over, and the trigger row is written with the report (one per report:
 * a unique key). Delivery starts after the commit.
 */
@Singleton
public class DriftTriggerPolicy implements DriftReportListener {
    private static final Logger LOG = LoggerFactory.getLogger(DriftTriggerPolicy.class);

    private final Jdbc jdbc;
    private final PolicyStore policies;
    private final TriggerStore triggers;
    private final DriftReports reports;
    private final TriggerDispatcher dispatcher;
    private final RetrainMetrics metrics;
    private final Map<Long, String> firedByReport = new ConcurrentHashMap<>();

    public DriftTriggerPolicy(Jdbc jdbc, PolicyStore policies, TriggerStore triggers, DriftReports reports,
                              TriggerDispatcher dispatcher, RetrainMetrics metrics) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.triggers = triggers;
        this.reports = reports;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
    }

    @Override
    public void reportStored(DriftReport report) {
        jdbc.joined(c -> {
            Optional<PolicyRow> policy = policies.find(c, report.model(), true);
            if (policy.isEmpty() || !policy.get().enabled()) {
                return null;
            }
            PolicyRow p = policy.get();
            Condition condition = p.on() == null ? null : Condition.parse(p.on());
            List<DriftReport> recent = reports.recent(report.model(), report.version(), p.consecutive());
            if (recent.size() < p.consecutive() || recent.isEmpty() || recent.get(0).id() != report.id()) {
                return null;
            }
            for (DriftReport r : recent) {
                if (share(r, condition) < p.minDriftShare() || share(r, condition) == 0) {
                    return null;
                }
            }
            Instant now = Instant.now();
            Optional<Instant> last = triggers.lastFired(c, report.model());
            if (last.isPresent() && last.get().plus(p.cooldown()).isAfter(now)) {
                LOG.info("drift of {}/{} meets the retrain policy, but the cooldown since the trigger at {} lasts "
                        + "until {}", report.model(), report.version(), last.get(), last.get().plus(p.cooldown()));
                return null;
            }
            long id = triggers.insert(c, report.model(), report.version(), "drift", report.id(),
                    evidence(report, recent, condition, p), "system", now);
            firedByReport.put(report.id(), report.model());
            LOG.info("retrain trigger {} fired for {}/{} by drift report {}", id, report.model(), report.version(),
                    report.id());
            return null;
        });
    }

    @Override
    public void afterCommit(DriftReport report) {
        String model = firedByReport.remove(report.id());
        if (model != null) {
            metrics.fired(model, "drift");
            dispatcher.wake();
        }
    }

    /** Share of the features with data that meet the condition (or drifted, without one). */
    static double share(DriftReport r, Condition condition) {
        if (condition == null) {
            return r.datasetDrift() || r.driftShare() > 0 ? r.driftShare() : 0;
        }
        long withData = 0;
        long breached = 0;
        for (FeatureDriftResult f : r.features()) {
            if (FeatureDriftResult.NO_DATA.equals(f.verdict())) {
                continue;
            }
            withData++;
            if (condition.holds(f)) {
                breached++;
            }
        }
        return withData == 0 ? 0 : (double) breached / withData;
    }

    private static Map<String, Object> evidence(DriftReport report, List<DriftReport> recent, Condition condition,
                                                PolicyRow p) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("reportId", report.id());
        e.put("windowStart", report.windowStart().toString());
        e.put("windowEnd", report.windowEnd().toString());
        e.put("rows", report.rows());
        e.put("condition", condition == null ? "feature verdict is drift" : condition.text());
        e.put("driftShare", share(report, condition));
        e.put("minDriftShare", p.minDriftShare());
        e.put("consecutiveReports", recent.stream().map(DriftReport::id).toList());
        List<Map<String, Object>> features = new ArrayList<>();
        for (FeatureDriftResult f : report.features()) {
            boolean breached = condition == null ? FeatureDriftResult.DRIFT.equals(f.verdict()) : condition.holds(f);
            if (breached) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", f.name());
                m.put("type", f.type());
                m.put("psi", f.psi());
                m.put("kl", f.kl());
                m.put("ks_statistic", f.ksStatistic());
                m.put("chi2_pvalue", f.chi2PValue());
                m.put("verdict", f.verdict());
                features.add(m);
            }
        }
        e.put("features", features);
        return e;
    }
}
