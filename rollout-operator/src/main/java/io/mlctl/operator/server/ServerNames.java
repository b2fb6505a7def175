package io.mlctl.operator.server;

import io.mlctl.rollout.api.Labels;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Names and labels of the Deployment and Service serving one model version: {@code fraud-v8}. One server per
 * version (not per rollout), so the next rollout finds the promoted version's server and uses it as its baseline.
 */
public final class ServerNames {
    private ServerNames() {
    }

    /** A DNS-1035 label (a Service name must start with a letter and stay within 63 characters). */
    public static String serverName(String model, int version) {
        String suffix = "-v" + version;
        String base = Character.isLetter(model.charAt(0)) ? model : "m-" + model;
        if (base.length() + suffix.length() <= 63) {
            return base + suffix;
        }
        String hash = sha256(model).substring(0, 8);
        return base.substring(0, 63 - suffix.length() - hash.length() - 1) + "-" + hash + suffix;
    }

    /** The labels every object of a version's server carries; the first two select its pods. */
    public static Map<String, String> selector(String model, int version) {
        return Map.of(Labels.MODEL, model, Labels.VERSION, Integer.toString(version));
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
