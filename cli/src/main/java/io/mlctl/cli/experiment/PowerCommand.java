package io.mlctl.cli.experiment;

import io.mlctl.experiment.ExperimentInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mlctl experiments power}: the inverse questions, what a given number of units can detect. */
@Command(name = "power", mixinStandardHelpOptions = true,
        description = "Power at the MDE, and the smallest detectable change, for given units per arm (computed locally).",
        footer = {"", "Example:",
                "  mlctl experiments power --baseline 0.10 --mde-relative 0.05 --control 20000"})
public final class PowerCommand extends OutputCommand implements Callable<Integer> {

    @Mixin
    DesignOptions design;

    @Option(names = "--control", paramLabel = "N", required = true, description = "Units in the control arm.")
    long control;

    @Option(names = "--treatment", paramLabel = "N",
            description = "Units in the treatment arm (default: --ratio times --control, rounded up).")
    Long treatment;

    @Override
    public Integer call() {
        DesignOptions.Plan plan = design.plan();
        long t = treatment != null ? treatment : (long) Math.ceil(design.ratio * control);
        Map<String, Object> answer = new LinkedHashMap<>();
        try {
            answer.put("control", control);
            answer.put("treatment", t);
            answer.put("power", plan.powerAt(control, t));
            double mde = plan.detectableMde(control, t);
            answer.put("detectableMdeAbsolute", mde);
            if (plan instanceof DesignOptions.ProportionPlan p) {
                answer.put("detectableMdeRelative", mde / p.d().baseline());
            }
        } catch (ExperimentInputException e) {
            throw DesignOptions.usage(e.getMessage());
        }
        answer.putAll(design.inputs());
        printer().object(answer);
        return 0;
    }
}
