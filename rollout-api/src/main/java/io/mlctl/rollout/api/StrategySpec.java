package io.mlctl.rollout.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;

/** Exactly one of canary, shadow or abTest (checked by the CRD's CEL rule and again at reconcile time). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.canary), has(self.shadow), has(self.abTest)].filter(x, x).size() == 1",
        message = "exactly one of canary, shadow or abTest must be set")
public record StrategySpec(CanaryStrategy canary, ShadowStrategy shadow, AbTestStrategy abTest) {

    /** The kind of the strategy that is set, or null when none or several are. */
    @JsonIgnore
    public StrategyKind kind() {
        int n = (canary != null ? 1 : 0) + (shadow != null ? 1 : 0) + (abTest != null ? 1 : 0);
        if (n != 1) {
            return null;
        }
        return canary != null ? StrategyKind.CANARY : shadow != null ? StrategyKind.SHADOW : StrategyKind.AB_TEST;
    }

    public enum StrategyKind {
        CANARY("canary"), SHADOW("shadow"), AB_TEST("ab");

        private final String cliName;

        StrategyKind(String cliName) {
            this.cliName = cliName;
        }

        /** The name on the command line ({@code --strategy canary|shadow|ab}). */
        public String cliName() {
            return cliName;
        }
    }

    /** Traffic moves to the candidate in steps; each step holds for its pause while guardrails are judged. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CanaryStrategy(@Required @Size(min = 1) List<CanaryStep> steps) {
        /** The steps {@code mlctl rollout start --strategy canary} takes when none are given. */
        public static final List<CanaryStep> DEFAULT_STEPS = List.of(new CanaryStep(5, "10m"), new CanaryStep(25, "30m"),
                new CanaryStep(50, "30m"));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CanaryStep(
            @Required @Min(0) @Max(100)
            @JsonPropertyDescription("Percent of requests sent to the candidate during this step.")
            Integer weight,
            @Required @Pattern(Patterns.DURATION)
            @JsonPropertyDescription("How long the step holds before the next one (e.g. 10m, 1h30m).")
            String pause) {
    }

    /**
     * All traffic stays on the baseline and a share is mirrored to the candidate; the candidate's predictions are
     * compared with the baseline's. Ends when {@code minSamples} mirrored samples were compared or {@code duration}
     * passed, whichever comes first.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "has(self.duration) || has(self.minSamples)",
            message = "shadow needs a duration, minSamples or both")
    public record ShadowStrategy(
            @Min(1) @Max(100)
            @JsonPropertyDescription("Percent of requests mirrored to the candidate (default 100).")
            Integer mirrorPercent,
            @Pattern(Patterns.DURATION)
            String duration,
            @Min(1)
            Long minSamples) {

        public static final int DEFAULT_MIRROR_PERCENT = 100;
        /** The duration {@code mlctl rollout start} gives a shadow that has neither a duration nor minSamples. */
        public static final String DEFAULT_DURATION = "1h";

        public int mirrorPercentOrDefault() {
            return mirrorPercent == null ? DEFAULT_MIRROR_PERCENT : mirrorPercent;
        }
    }

    /**
     * A/B test: a fixed split with sticky arms (requests carrying the arm header always reach that arm), judged by the
     * control plane's experiment report; it ends on SHIP (promote), DONT_SHIP (roll back) or at maxDuration.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AbTestStrategy(
            @Min(1) @Max(99)
            @JsonPropertyDescription("Percent of requests sent to the candidate (the treatment arm); default 50.")
            Integer split,
            @Required
            AbMetric metric,
            @Min(value = 0, inclusive = false) @Max(value = 1, inclusive = false)
            Double alpha,
            @Min(value = 0, inclusive = false) @Max(value = 1, inclusive = false)
            Double power,
            @Pattern(Patterns.DURATION)
            @JsonPropertyDescription("The test ends without shipping when no verdict came by then (default 14d).")
            String maxDuration,
            @Pattern("^[A-Za-z0-9-]+$")
            @JsonPropertyDescription("Request header that pins a request to an arm (default x-mlctl-arm; values control, treatment).")
            String stickyHeader) {

        public static final String DEFAULT_STICKY_HEADER = "x-mlctl-arm";
        public static final String DEFAULT_MAX_DURATION = "14d";
        public static final int DEFAULT_SPLIT = 50;
        public static final double DEFAULT_ALPHA = 0.05;
        public static final double DEFAULT_POWER = 0.8;

        public int splitOrDefault() {
            return split == null ? DEFAULT_SPLIT : split;
        }

        public double alphaOrDefault() {
            return alpha == null ? DEFAULT_ALPHA : alpha;
        }

        public double powerOrDefault() {
            return power == null ? DEFAULT_POWER : power;
        }

        public String maxDurationOrDefault() {
            return maxDuration == null ? DEFAULT_MAX_DURATION : maxDuration;
        }

        public String stickyHeaderOrDefault() {
            return stickyHeader == null ? DEFAULT_STICKY_HEADER : stickyHeader;
        }
    }

    /** The experiment's primary metric, as the experiments module sizes it (docs/DESIGN.md "Experiments"). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "has(self.mdeRelative) != has(self.mdeAbsolute)",
            message = "set exactly one of mdeRelative or mdeAbsolute")
    @ValidationRule(value = "!has(self.type) || self.type != 'mean' || has(self.stddev)",
            message = "a mean metric needs stddev")
    public record AbMetric(
            @Required @Pattern("^[A-Za-z0-9_.:-]+$")
            String name,
            @JsonPropertyDescription("proportion (default) or mean.")
            @Pattern("^(proportion|mean)$")
            String type,
            @Required
            @JsonPropertyDescription("The control arm's expected rate (proportion) or mean.")
            Double baseline,
            @Min(value = 0, inclusive = false)
            Double mdeRelative,
            @Min(value = 0, inclusive = false)
            Double mdeAbsolute,
            @Min(value = 0, inclusive = false)
            @JsonPropertyDescription("Standard deviation of a mean metric.")
            Double stddev) {

        /** The metric name {@code mlctl rollout start --strategy ab} takes when none is given. */
        public static final String DEFAULT_NAME = "conversion";
        public static final String DEFAULT_TYPE = "proportion";

        public String typeOrDefault() {
            return type == null ? DEFAULT_TYPE : type;
        }
    }
}
