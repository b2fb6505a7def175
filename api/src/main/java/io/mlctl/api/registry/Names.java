package io.mlctl.api.registry;

import java.util.regex.Pattern;

/** Name rules shared by server (bean validation) and clients. */
public final class Names {
    /** Models and feature schemas: a lowercase DNS-1123 label, at most 63 characters. */
    public static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    /** Aliases: a DNS label that starts with a letter (so {@code 7} is never mistaken for a version). */
    public static final String ALIAS = "[a-z]([-a-z0-9]*[a-z0-9])?";
    /** Tag and metric keys. */
    public static final String KEY = "[A-Za-z0-9_.\\-/:]{1,250}";
    public static final int MAX_NAME = 63;
    /** Not an alias: {@code models:/name/latest} means the newest READY version. */
    public static final String LATEST = "latest";

    private static final Pattern DNS = Pattern.compile(DNS_LABEL);
    private static final Pattern ALIAS_PATTERN = Pattern.compile(ALIAS);
    private static final Pattern KEY_PATTERN = Pattern.compile(KEY);

    private Names() {
    }

    public static boolean isModelName(String s) {
        return s != null && s.length() <= MAX_NAME && DNS.matcher(s).matches();
    }

    public static boolean isAlias(String s) {
        return s != null && s.length() <= MAX_NAME && ALIAS_PATTERN.matcher(s).matches() && !LATEST.equals(s);
    }

    public static boolean isKey(String s) {
        return s != null && KEY_PATTERN.matcher(s).matches();
    }
}
