package io.mlctl.cli.demo;

import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The demo's stand-in for a retraining pipeline: a local HTTP endpoint that checks each POST's
 * {@code X-Mlctl-Signature} (HMAC-SHA256 of the body with the shared secret, compared in constant time) and answers
 * 401 to a bad one, as a real receiver must.
 */
final class SignedWebhookReceiver implements AutoCloseable {
    record Delivery(String body, boolean signatureValid) {
    }

    final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private final HttpServer server;
    private final String secret;

    SignedWebhookReceiver(String secret) throws IOException {
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/retrain", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean valid = verify(exchange.getRequestHeaders().getFirst("X-Mlctl-Signature"), body);
            deliveries.add(new Delivery(new String(body, StandardCharsets.UTF_8), valid));
            exchange.sendResponseHeaders(valid ? 202 : 401, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/retrain";
    }

    boolean verify(String header, byte[] body) {
        if (header == null || !header.startsWith("sha256=")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal(body);
            byte[] given = HexFormat.of().parseHex(header.substring(7));
            return MessageDigest.isEqual(expected, given);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
