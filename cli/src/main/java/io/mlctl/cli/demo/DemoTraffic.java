package io.mlctl.cli.demo;

import java.util.Locale;
import java.util.Random;

/**
 * Synthetic fraud-scoring traffic: transaction amount (log-normal), country, new-customer flag and the model's
 * score. {@code drift} between 0 and 1 moves the live traffic away from the training data: larger amounts, more
 * traffic from a country the model never saw, more new customers, higher scores.
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
            """;
    private static final String[] COUNTRIES = {"US", "DE", "FR", "GB"};

    private final Random random;

    DemoTraffic(long seed) {
        random = new Random(seed);
    }

    String referenceCsv(int rows) {
        StringBuilder sb = new StringBuilder("amount,country,is_new_customer,score\n");
        for (int i = 0; i < rows; i++) {
            double amount = amount(0);
            sb.append(String.format(Locale.ROOT, "%.2f,%s,%s,%.4f%n", amount, country(0), newCustomer(0),
                    score(amount, 0)));
        }
        return sb.toString();
    }

    String batch(int rows, double drift) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            double amount = amount(drift);
            sb.append(String.format(Locale.ROOT, "{\"features\":{\"amount\":%.2f,\"country\":\"%s\","
                    + "\"is_new_customer\":%s},\"prediction\":%.4f}%n", amount, country(drift), newCustomer(drift),
                    score(amount, drift)));
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

    private double score(double amount, double drift) {
        double z = -3 + 0.4 * Math.log(amount) + 1.2 * drift + 0.5 * random.nextGaussian();
        return 1 / (1 + Math.exp(-z));
    }
}
