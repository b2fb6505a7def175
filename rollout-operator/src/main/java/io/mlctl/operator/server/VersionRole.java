package io.mlctl.operator.server;

/** The two versions a rollout runs side by side. */
public enum VersionRole {
    BASELINE("baseline"), CANDIDATE("candidate");

    private final String label;

    VersionRole(String label) {
        this.label = label;
    }

    /** Lowercase name, as used in metric labels and dependent-resource names. */
    public String label() {
        return label;
    }
}
