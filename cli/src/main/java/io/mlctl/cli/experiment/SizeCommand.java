package io.mlctl.cli.experiment;

import io.mlctl.experiment.SampleSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mlctl experiments size}: units needed per arm, computed locally (no server). */
@Command(name = "size", mixinStandardHelpOptions = true,
        description = {"Units needed per arm to detect the MDE with the given alpha and power (computed locally).",
                "Proportions: --baseline P with --mde-relative R or --mde-absolute A.",
                "Means: --sigma S --mde-absolute A."},
        footer = {"", "Examples:",
                "  mlctl experiments size --baseline 0.10 --mde-relative 0.05 --output json",
                "  mlctl experiments size --baseline 0.05 --mde-absolute 0.01 --alpha 0.01 --power 0.9 --ratio 3",
                "  mlctl experiments size --sigma 35 --mde-absolute 2"})
public final class SizeCommand extends OutputCommand implements Callable<Integer> {

    @Mixin
    DesignOptions design;

    @Override
    public Integer call() {
        DesignOptions.Plan plan = design.plan();
        SampleSize n = plan.sampleSize();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("control", n.control());
        answer.put("treatment", n.treatment());
        answer.put("total", n.total());
        answer.putAll(design.inputs());
        printer().object(answer);
        return 0;
    }
}
