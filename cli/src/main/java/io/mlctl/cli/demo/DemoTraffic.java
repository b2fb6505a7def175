package io.mlctl.cli.demo;

import java.util.Locale;
import java.util.Random;

/**
 * Synthetic fraud-scoring traffic: transaction amount (log-normal), country and new-customer flag, as training rows
 * (with the score the demo's model server gives them) and as inference requests to that server. {@code drift} between
 * 0 and 1 moves the live traffic away from the training data: larger amounts, more traffic from a country the model
 * never saw, more new customers, and so higher scores.
 */
final class DemoTraffic {
    static final String SCHEMA = """
            name: fraud-demo-features
            description: features of the mlctl demo's fraud model
            features:
              - {name: amount, type: numeric, min: 0, required: true}
              - {name: country, type: categorical, values: [US, DE, FR, GB], allowOther: true}
              - {name: is_new_customer, type: boolean}
            prediction: {name: score, type: numeric, min: 0, max: 1}
            inputs:                                  # how an OIP request to the demo's model server maps to features
              - {feature: amount, tensor: amount, index: 0}
              - {feature: country, tensor: country}
              - {feature: is_new_customer, tensor: is_new_customer}
            output: {tensor: probabilities, index: 1}   # the fraud probability: column 1 of the answer
            """;
    private static final String[] COUNTRIES = {"US", "DE", "FR", "GB"};

    private final Random random;

    DemoTraffic(long seed) {
        random = new Random(seed);
    }

    /**
     * The training data: features as the live traffic has them before it drifts, and the score the demo's model
     * server ({@link OipModelServer#score}) gives them, so healthy live traffic matches its reference.
     */
    String referenceCsv(int rows) {
        StringBuilder sb = new StringBuilder("amount,country,is_new_customer,score\n");
        for (int i = 0; i < rows; i++) {
            double amount = amount(0);
            String country = country(0);
            boolean newCustomer = newCustomer(0);
            sb.append(String.format(Locale.ROOT, "%.2f,%s,%s,%.4f%n", amount, country, newCustomer,
                    OipModelServer.score(amount, country, newCustomer)));
        }
        return sb.toString();
    }

    /**
     * One Open Inference Protocol v2 request for {@code rows} transactions (a batch: tensors of shape {@code [rows]}
     * and {@code [rows, 1]}), as a client of the demo's model server sends it.
     */
    String oipRequest(int rows, double drift) {
        StringBuilder amounts = new StringBuilder();
        StringBuilder countries = new StringBuilder();
        StringBuilder flags = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            String sep = i == 0 ? "" : ",";
            amounts.append(sep).append(String.format(Locale.ROOT, "%.2f", amount(drift)));
            countries.append(sep).append('"').append(country(drift)).append('"');
            flags.append(sep).append(newCustomer(drift));
        }
        return "{\"inputs\":["
                + "{\"name\":\"amount\",\"shape\":[" + rows + ",1],\"datatype\":\"FP64\",\"data\":[" + amounts + "]},"
                + "{\"name\":\"country\",\"shape\":[" + rows + "],\"datatype\":\"BYTES\",\"data\":[" + countries + "]},"
                + "{\"name\":\"is_new_customer\",\"shape\":[" + rows + "],\"datatype\":\"BOOL\",\"data\":[" + flags
                + "]}]}";
    }

    /**
     * The same traffic as NDJSON sample lines, the rows the inference logger sends for it (tests compare windows of
     * it with the reference without a model server in between).
     */
    String batch(int rows, double drift) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            double amount = amount(drift);
            String country = country(drift);
            boolean newCustomer = newCustomer(drift);
            sb.append(String.format(Locale.ROOT, "{\"features\":{\"amount\":%.2f,\"country\":\"%s\","
                    + "\"is_new_customer\":%s},\"prediction\":%.4f}%n", amount, country, newCustomer,
                    OipModelServer.score(amount, country, newCustomer)));
        }
        return sb.toString();
    }

    private double amount(double drift) {
        return Math.exp(3.5 + 0.8 * drift + 0.6 * random.nextGaussian());
    }

    private String country(double drift) {
        return random.nextDouble() < 0.5 * drift ? "BR" : COUNTRIES[random.nextInt(COUNTRIES.length)];
    }

    private boolean newCustomer(double drift) {
        return random.nextDouble() < 0.2 + 0.4 * drift;
    }
}
