package io.mlctl.controlplane.experiment.report;

import io.mlctl.api.experiment.ArmSpec;
import io.mlctl.api.experiment.Experiment;
import io.mlctl.api.experiment.MetricDirection;
import io.mlctl.api.experiment.MetricRole;
import io.mlctl.api.experiment.MetricSpec;
import io.mlctl.api.experiment.MetricType;
import io.mlctl.experiment.MeanDesign;
import io.mlctl.experiment.ProportionDesign;
import io.mlctl.experiment.SampleSize;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The units each arm needs: every primary metric is sized for every treatment arm against the control with the
 * DESIGN formulas (allocation ratio = the arms' weights), and each arm needs the most any of them asks for.
 */
public final class SampleRequirements {
    private SampleRequirements() {
    }

    /** Required units per arm, in arm order; empty when no primary metric carries a design. */
    public static Map<String, Long> required(Experiment e) {
        Map<String, Long> required = new LinkedHashMap<>();
        ArmSpec control = Arms.control(e.arms());
        for (MetricSpec m : primaries(e.metrics())) {
            for (ArmSpec t : Arms.treatments(e.arms())) {
                SampleSize n = size(e, m, control, t);
                required.merge(control.name(), n.control(), Math::max);
                required.merge(t.name(), n.treatment(), Math::max);
            }
        }
        Map<String, Long> ordered = new LinkedHashMap<>();
        if (!required.isEmpty()) {
            e.arms().forEach(a -> ordered.put(a.name(), required.getOrDefault(a.name(), 0L)));
        }
        return ordered;
    }

    public static SampleSize size(Experiment e, MetricSpec m, ArmSpec control, ArmSpec treatment) {
        double ratio = (double) treatment.weight() / control.weight();
        return m.type() == MetricType.proportion
                ? proportion(e, m, ratio).sampleSize()
                : mean(e, m, ratio).sampleSize();
    }

    /** Power of the current units to detect the metric's planned MDE. */
    public static double achievedPower(Experiment e, MetricSpec m, long controlUnits, long treatmentUnits) {
        if (controlUnits < 1 || treatmentUnits < 1) {
            return 0;
        }
        return m.type() == MetricType.proportion
                ? proportion(e, m, 1).powerAt(controlUnits, treatmentUnits)
                : mean(e, m, 1).powerAt(controlUnits, treatmentUnits);
    }

    public static ProportionDesign proportion(Experiment e, MetricSpec m, double ratio) {
        return m.mdeAbsolute() != null
                ? ProportionDesign.absolute(m.baseline(), signed(m, m.mdeAbsolute()), e.alpha(), e.power(), ratio)
                : ProportionDesign.relative(m.baseline(), signed(m, m.mdeRelative()), e.alpha(), e.power(), ratio);
    }

    public static MeanDesign mean(Experiment e, MetricSpec m, double ratio) {
        double mde = m.mdeAbsolute() != null ? m.mdeAbsolute() : m.mdeRelative() * m.baseline();
        return new MeanDesign(m.sigma(), Math.abs(mde), e.alpha(), e.power(), ratio);
    }

    public static List<MetricSpec> primaries(List<MetricSpec> metrics) {
        return metrics.stream().filter(m -> m.role() != MetricRole.guardrail).toList();
    }

    /** A metric that should decrease is sized for a decrease: the proportion formula is not symmetric in p2. */
    private static double signed(MetricSpec m, double mde) {
        return m.direction() == MetricDirection.decrease ? -Math.abs(mde) : Math.abs(mde);
    }
}
