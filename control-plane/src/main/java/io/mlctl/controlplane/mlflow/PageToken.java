package io.mlctl.controlplane.mlflow;

import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MLflow's page tokens: base64 of {@code {"offset": N}}, as its own stores make them
 * ({@code SearchUtils.create_page_token}), so a token from one page is simply handed back for the next.
 */
final class PageToken {
    private static final Pattern OFFSET = Pattern.compile("\\{\\s*\"offset\"\\s*:\\s*(\\d{1,12})\\s*}");

    private PageToken() {
    }

    static String of(long offset) {
        return Base64.getEncoder().encodeToString(("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8));
    }

    static long offset(@Nullable String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            Matcher m = OFFSET.matcher(text.trim());
            if (m.matches()) {
                return Long.parseLong(m.group(1));
            }
        } catch (IllegalArgumentException e) {
            // not base64: reported below like any other malformed token
        }
        throw MlflowException.invalid("Invalid page token '" + token + "': pass the next_page_token of the previous "
                + "answer unchanged");
    }
}
