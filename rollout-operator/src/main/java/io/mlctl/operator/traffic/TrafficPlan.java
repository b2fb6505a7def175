package io.mlctl.operator.traffic;

/**
 * How requests reach the two versions.
 *
 * @param candidateWeight percent of requests routed to the candidate (the baseline gets the rest)
 * @param mirrorPercent   percent of requests mirrored to the candidate (shadow); 0 means no mirror
 * @param stickyHeader    A/B only: requests carrying this header with value control or treatment go to that arm
 */
public record TrafficPlan(int candidateWeight, int mirrorPercent, String stickyHeader) {
    public static final String CONTROL = "control";
    public static final String TREATMENT = "treatment";

    public static TrafficPlan allBaseline() {
        return new TrafficPlan(0, 0, null);
    }

    public static TrafficPlan allCandidate() {
        return new TrafficPlan(100, 0, null);
    }

    public static TrafficPlan canary(int weight) {
        return new TrafficPlan(weight, 0, null);
    }

    public static TrafficPlan mirror(int percent) {
        return new TrafficPlan(0, percent, null);
    }

    public static TrafficPlan split(int treatmentPercent, String stickyHeader) {
        return new TrafficPlan(treatmentPercent, 0, stickyHeader);
    }

    public int baselineWeight() {
        return 100 - candidateWeight;
    }
}
