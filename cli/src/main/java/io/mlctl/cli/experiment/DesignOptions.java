package io.mlctl.cli.experiment;

import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.experiment.ExperimentInputException;
import io.mlctl.experiment.MeanDesign;
import io.mlctl.experiment.ProportionDesign;
import io.mlctl.experiment.SampleSize;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The test plan shared by {@code experiments size} and {@code experiments power}: a proportion metric
 * ({@code --baseline}) or a mean metric ({@code --sigma}), the MDE, alpha, power and allocation ratio. Computed
 * locally with the experiments module, so it works without a server.
 */
final class DesignOptions {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Metric metric;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mde mde;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.05",
            description = "Two-sided significance level, in (0,1) (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--power", paramLabel = "P", defaultValue = "0.8",
            description = "Power 1 - beta, in (0,1) (default: ${DEFAULT-VALUE}).")
    double power;

    @Option(names = "--ratio", paramLabel = "K", defaultValue = "1",
            description = "Allocation ratio n_treatment / n_control, > 0 (default: ${DEFAULT-VALUE}).")
    double ratio;

    static final class Metric {
        @Option(names = "--baseline", paramLabel = "P", required = true,
                description = "Conversion rate of the control arm, in (0,1): a proportion metric.")
        Double baseline;

        @Option(names = "--sigma", paramLabel = "S", required = true,
                description = "Standard deviation of the metric per unit: a mean metric (needs --mde-absolute).")
        Double sigma;
    }

    static final class Mde {
        @Option(names = "--mde-relative", paramLabel = "R", required = true,
                description = "Smallest change worth detecting, relative to the baseline (0.05 = +5%%).")
        Double relative;

        @Option(names = "--mde-absolute", paramLabel = "A", required = true,
                description = "Smallest change worth detecting, absolute (0.01 = one percentage point for rates).")
        Double absolute;
    }

    /** The plan, or a one-line usage error (exit 64) naming the bad parameter. */
    Plan plan() {
        try {
            if (metric.sigma != null) {
                if (mde.absolute == null) {
                    throw usage("a mean metric (--sigma) needs --mde-absolute");
                }
                return new MeanPlan(new MeanDesign(metric.sigma, mde.absolute, alpha, power, ratio));
            }
            return new ProportionPlan(mde.absolute != null
                    ? ProportionDesign.absolute(metric.baseline, mde.absolute, alpha, power, ratio)
                    : ProportionDesign.relative(metric.baseline, mde.relative, alpha, power, ratio));
        } catch (ExperimentInputException e) {
            throw usage(e.getMessage());
        }
    }

    /**
     * The inputs as the user gave them (not as re-derived doubles, which print as 0.10500000000000001), printed
     * beside the answer so the output documents itself.
     */
    Map<String, Object> inputs() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (metric.sigma != null) {
            m.put("metric", "mean");
            m.put("sigma", metric.sigma);
        } else {
            m.put("metric", "proportion");
            m.put("baseline", metric.baseline);
            double p2 = mde.absolute != null ? metric.baseline + mde.absolute : metric.baseline * (1 + mde.relative);
            m.put("treatmentRate", new BigDecimal(p2).round(new MathContext(12)).stripTrailingZeros());
        }
        if (mde.absolute != null) {
            m.put("mdeAbsolute", mde.absolute);
        } else {
            m.put("mdeRelative", mde.relative);
        }
        m.put("alpha", alpha);
        m.put("power", power);
        m.put("ratio", ratio);
        return m;
    }

    static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }

    /** One metric kind's answers to "how many units?" and "what do n units give?". */
    sealed interface Plan permits ProportionPlan, MeanPlan {
        SampleSize sampleSize();

        double powerAt(long control, long treatment);

        /** The smallest absolute change detectable with these units at the planned power. */
        double detectableMde(long control, long treatment);
    }

    record ProportionPlan(ProportionDesign d) implements Plan {
        public SampleSize sampleSize() {
            return d.sampleSize();
        }

        public double powerAt(long control, long treatment) {
            return d.powerAt(control, treatment);
        }

        public double detectableMde(long control, long treatment) {
            return ProportionDesign.minimumDetectableEffect(d.baseline(), d.alpha(), d.power(), control, treatment);
        }

    }

    record MeanPlan(MeanDesign d) implements Plan {
        public SampleSize sampleSize() {
            return d.sampleSize();
        }

        public double powerAt(long control, long treatment) {
            return d.powerAt(control, treatment);
        }

        public double detectableMde(long control, long treatment) {
            return MeanDesign.minimumDetectableEffect(d.sigma(), d.alpha(), d.power(), control, treatment);
        }

    }
}
