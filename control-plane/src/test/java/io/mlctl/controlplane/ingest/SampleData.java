package io.mlctl.controlplane.ingest;

import java.time.Instant;
import java.util.Locale;
import java.util.Random;

/** Generated reference CSVs and NDJSON sample batches for the fraud test schema; {@code shift} moves amounts. */
public final class SampleData {
    private SampleData() {
    }

    public static String referenceCsv(int rows, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("amount,country,is_new,score\n");
        String[] countries = {"US", "DE", "FR"};
        for (int i = 0; i < rows; i++) {
            sb.append(String.format(Locale.ROOT, "%.4f,%s,%s,%.5f%n", amount(r, 0), countries[r.nextInt(3)],
                    r.nextBoolean(), score(r, 0)));
        }
        return sb.toString();
    }

    public static String samples(int rows, long seed, double shift, Instant ts) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        String[] countries = shift > 0 ? new String[]{"US", "US", "BR"} : new String[]{"US", "DE", "FR"};
        for (int i = 0; i < rows; i++) {
            sb.append(String.format(Locale.ROOT, "{%s\"features\":{\"amount\":%.4f,\"country\":\"%s\","
                            + "\"is_new\":%s},\"prediction\":%.5f}%n", ts == null ? "" : "\"ts\":\"" + ts + "\",",
                    amount(r, shift), countries[r.nextInt(3)], r.nextBoolean(), score(r, shift)));
        }
        return sb.toString();
    }

    private static double amount(Random r, double shift) {
        return Math.exp(3 + 0.5 * r.nextGaussian() + shift);
    }

    private static double score(Random r, double shift) {
        return Math.min(1, Math.max(0, 0.2 + 0.1 * r.nextGaussian() + shift * 0.2));
    }
}
