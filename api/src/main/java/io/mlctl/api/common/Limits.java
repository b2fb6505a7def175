package io.mlctl.api.common;

/**
 * The size limits of the API in one place, used by the control plane and the CLI alike; docs/LIMITS.md lists each
 * with the status a request over it gets. Changing one here changes it everywhere (keep the page in step).
 */
public final class Limits {
    /** Longest name (models, schemas, aliases, features): a DNS label, so it can name Kubernetes objects. */
    public static final int NAME = 63;
    /** Longest free-text description (models, versions, experiments, tokens' descriptions are shorter). */
    public static final int DESCRIPTION = 4000;
    /** Longest categorical value in a profile, a sample or an event (422 naming the line and field). */
    public static final int CATEGORY_VALUE = 1024;
    /** Longest line of an NDJSON or CSV upload, in characters (422 naming the line). */
    public static final int LINE = 1024 * 1024;
    /** Most features a schema declares (422): drift windows and quality hold a column per feature. */
    public static final int FEATURES = 10_000;
    /** Largest schema document, in bytes (413). */
    public static final int SCHEMA_BYTES = 1024 * 1024;
    /**
     * Most values the aliases of a YAML schema document may add when expanded ({@code values: *common} adds the
     * list's length plus one); the billion-laughs document passes it after a few aliases and fails fast with 422.
     */
    public static final int YAML_ALIAS_NODES = 100_000;
    /** How much of a rejected value an error message repeats. */
    public static final int ECHO_PREFIX = 60;

    private Limits() {
    }

    /** The value itself when short, else its first {@link #ECHO_PREFIX} characters and how long it was. */
    public static String echo(String value) {
        if (value == null) {
            return "null";
        }
        if (value.length() <= ECHO_PREFIX) {
            return value;
        }
        return value.substring(0, ECHO_PREFIX) + "... (" + value.length() + " characters)";
    }
}
