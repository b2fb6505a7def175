package io.mlctl.cli.support;

/** Exit codes that scripts can rely on; listed in {@code mlctl --help}. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The request reached the server and failed (4xx other than 404, or 5xx), or a local file could not be read. */
    public static final int FAILED = 1;
    /** A check the user asked for did not pass, e.g. {@code drift compare --fail-on-drift} found dataset drift. */
    public static final int CHECK_FAILED = 2;
    /** The control plane could not be reached. */
    public static final int UNREACHABLE = 3;
    /** The named model, version, alias, schema... does not exist. */
    public static final int NOT_FOUND = 4;
    /** Bad command-line usage (sysexits EX_USAGE). */
    public static final int USAGE = 64;

    private ExitCodes() {
    }
}
