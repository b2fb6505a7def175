package io.mlctl.controlplane.retrain;

import io.micronaut.retry.annotation.Retryable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * POSTs a trigger to a webhook, signed: {@code X-Mlctl-Signature: sha256=<hex HMAC-SHA256 of the body>} keyed with
 * the policy's secret. A non-2xx answer or a network failure is retried with exponential backoff (Micronaut's
 * {@link Retryable}); the receiver sees the same body and id each time, so it can de-duplicate.
 */
@Singleton
public class WebhookSender {
    public static final String SIGNATURE = "X-Mlctl-Signature";
    public static final String TRIGGER = "X-Mlctl-Trigger";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code sha256=<hex>} of the body, as the receiver recomputes it. */
    public static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Retryable(attempts = "${mlctl.retrain.webhook.attempts:5}", delay = "${mlctl.retrain.webhook.delay:1s}",
            multiplier = "${mlctl.retrain.webhook.multiplier:2}", includes = DeliveryException.class)
    public int send(String url, String secret, long triggerId, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("User-Agent", "mlctl-control-plane")
                .header(TRIGGER, String.valueOf(triggerId))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null && !secret.isEmpty()) {
            b.header(SIGNATURE, signature(secret, body));
        }
        try {
            HttpResponse<Void> r = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 != 2) {
                LOG.info("webhook {} answered {} for trigger {}; retrying", url, r.statusCode(), triggerId);
                throw new DeliveryException("webhook " + url + " answered HTTP " + r.statusCode());
            }
            return r.statusCode();
        } catch (IOException e) {
            LOG.info("webhook {} failed for trigger {}: {}; retrying", url, triggerId, e.toString());
            throw new DeliveryException("webhook " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted", e);
        }
    }

    /** A delivery that may succeed when tried again. */
    public static class DeliveryException extends RuntimeException {
        public DeliveryException(String message) {
            super(message);
        }

        public DeliveryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
