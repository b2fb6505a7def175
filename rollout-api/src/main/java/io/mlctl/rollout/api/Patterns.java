package io.mlctl.rollout.api;

/** The regular expressions of the CRD schema; the reconcile-time validator checks the same ones. */
public final class Patterns {
    /** docs/DESIGN.md "Registry conventions": a DNS-1123 label. */
    public static final String MODEL_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    /** An alias ({@code @production}) or a version number ({@code 8}). */
    public static final String VERSION_REF = "^(@[a-z0-9]([-a-z0-9_.]*[a-z0-9])?|[1-9][0-9]*)$";
    /** Go-style durations as Argo Rollouts writes them: {@code 30s}, {@code 10m}, {@code 1h30m}, {@code 14d}. */
    public static final String DURATION = io.mlctl.api.common.Durations.PATTERN;
    /** A Kubernetes object name (DNS-1123 subdomain). */
    public static final String OBJECT_NAME = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

    /** A guardrail's name (it becomes a metric label value and a status key). */
    public static final String GUARDRAIL_NAME = "^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$";

    private Patterns() {
    }
}
