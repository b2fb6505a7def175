package io.mlctl.controlplane.experiment.report;

import io.mlctl.api.experiment.ArmSpec;
import io.mlctl.experiment.StickyAssignment;

import java.util.List;

/** Which arm is the control (the one named {@code control}, else the first) and which are compared with it. */
public final class Arms {
    public static final String CONTROL = "control";

    private Arms() {
    }

    public static ArmSpec control(List<ArmSpec> arms) {
        return arms.stream().filter(a -> a.name().equals(CONTROL)).findFirst().orElse(arms.get(0));
    }

    public static List<ArmSpec> treatments(List<ArmSpec> arms) {
        ArmSpec control = control(arms);
        return arms.stream().filter(a -> a != control).toList();
    }

    public static List<StickyAssignment.WeightedArm> weighted(List<ArmSpec> arms) {
        return arms.stream().map(a -> new StickyAssignment.WeightedArm(a.name(), a.weight())).toList();
    }
}
