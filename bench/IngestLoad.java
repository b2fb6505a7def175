// Load generator for the mlctl control plane's sample ingest and window close (JDK 17, no dependencies).
//
//   java bench/IngestLoad.java ingest --server http://127.0.0.1:8080 --token $MLCTL_TOKEN \
//        --features 20 --rows 5000 --concurrency 4 --duration 60 [--request-ids true]
//   java bench/IngestLoad.java close --server ... --token ... --models 100 --features 50 --batches 4 --rows 2000 \
//        --reference-rows 5000 --grace 5     (the server's --drift-grace, in seconds)
//
// "ingest" registers a model with N numeric features, uploads a reference, then posts NDJSON batches (each with its own
// Idempotency-Key) from C threads for D seconds, and reports accepted rows/s, feature values/s and the latency of the
// acknowledgements (the server answers once the batch is committed). "close" fills one window of M models x N
// features and measures how long the server takes to close them all (from the windows' close time to the last
// report). --request-ids gives every row a request_id unique over the run (as shadow logging does), so the server
// also stores a pairing record per row. Traffic goes to the given server only (use loopback).
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class IngestLoad {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static String server;
    static String token;
    static boolean requestIds;
    /** Placeholder of a batch's number in its rows' request ids, replaced per post so every id is new. */
    static final byte[] ID_SLOT = "@@@@@@@@".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        server = o.getOrDefault("server", "http://127.0.0.1:8080");
        token = o.getOrDefault("token", System.getenv("MLCTL_TOKEN"));
        int features = Integer.parseInt(o.getOrDefault("features", "20"));
        int rows = Integer.parseInt(o.getOrDefault("rows", "5000"));
        String mode = args.length > 0 && !args[0].startsWith("--") ? args[0] : "ingest";
        referenceRows = Integer.parseInt(o.getOrDefault("reference-rows", "20000"));
        requestIds = Boolean.parseBoolean(o.getOrDefault("request-ids", "false"));
        System.setProperty("grace", o.getOrDefault("grace", "0"));
        if (mode.equals("close")) {
            close(Integer.parseInt(o.getOrDefault("models", "100")), features,
                    Integer.parseInt(o.getOrDefault("batches", "4")), rows);
        } else {
            ingest(features, rows, Integer.parseInt(o.getOrDefault("concurrency", "4")),
                    Integer.parseInt(o.getOrDefault("duration", "60")));
        }
    }

    static void ingest(int features, int rows, int concurrency, int seconds) throws Exception {
        String model = "bench-" + System.currentTimeMillis() % 1_000_000;
        setup(model, features);
        // pre-generated batches: the generator measures the server, not its own formatting
        List<byte[]> bodies = new ArrayList<>();
        Random r = new Random(1);
        for (int i = 0; i < 16; i++) {
            bodies.add(batch(r, rows, features, 0.0));
        }
        System.out.printf(Locale.ROOT, "model %s: %d features, batches of %d rows (%.1f MB), %d threads, %d s%n", model,
                features, rows, bodies.get(0).length / 1e6, concurrency, seconds);
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long warmupEnd = System.nanoTime() + Math.min(10, seconds / 4) * 1_000_000_000L;
        AtomicLong measuredRows = new AtomicLong();
        AtomicLong measuredStart = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> work = new ArrayList<>();
        AtomicLong seq = new AtomicLong();
        for (int t = 0; t < concurrency; t++) {
            work.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long n = seq.incrementAndGet();
                    byte[] body = withBatchNumber(bodies.get((int) (n % bodies.size())), n);
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> resp = post("/api/v1/models/" + model + "/versions/1/samples", body,
                                "application/x-ndjson", Map.of("Idempotency-Key", model + "-" + n));
                        long dt = System.nanoTime() - t0;
                        if (resp.statusCode() == 200) {
                            accepted.addAndGet(rows);
                            if (t0 > warmupEnd) {
                                measuredStart.compareAndSet(0, t0);
                                measuredRows.addAndGet(rows);
                                latencies.add(dt);
                            }
                        } else {
                            failed.incrementAndGet();
                            System.err.println("HTTP " + resp.statusCode() + ": " + abbreviate(resp.body()));
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        double measured = (System.nanoTime() - measuredStart.get()) / 1e9;
        long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        double rowsPerSecond = measuredRows.get() / measured;
        System.out.printf(Locale.ROOT, "accepted %d rows (%d failed batches); after warm-up: %.0f rows/s = %.0f feature"
                        + " values/s (%d features + prediction)%n", accepted.get(), failed.get(), rowsPerSecond,
                rowsPerSecond * features, features);
        System.out.printf(Locale.ROOT, "ack latency per batch: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (%d "
                        + "batches)%n", pct(l, 0.50), pct(l, 0.95), pct(l, 0.99), l.length == 0 ? 0 : l[l.length - 1] / 1e6,
                l.length);
    }

    static void close(int models, int features, int batches, int rows) throws Exception {
        String prefix = "close-" + System.currentTimeMillis() % 1_000_000;
        System.out.printf(Locale.ROOT, "setting up %d models x %d features...%n", models, features);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> work = new ArrayList<>();
        for (int m = 0; m < models; m++) {
            String model = prefix + "-" + m;
            work.add(pool.submit(() -> {
                setup(model, features);
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        work.clear();
        Random r = new Random(2);
        // one timestamp for every row: all models' rows fall in the same window, which then closes for all at once
        byte[] body = batch(r, rows, features, 0.5, Instant.now());
        Instant sentFrom = Instant.now();
        for (int m = 0; m < models; m++) {
            String model = prefix + "-" + m;
            for (int b = 0; b < batches; b++) {
                int bb = b;
                work.add(pool.submit(() -> {
                    HttpResponse<String> resp = post("/api/v1/models/" + model + "/versions/1/samples", body,
                            "application/x-ndjson", Map.of("Idempotency-Key", model + "-" + bb));
                    if (resp.statusCode() != 200) {
                        throw new IllegalStateException(resp.body());
                    }
                    return null;
                }));
            }
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        System.out.printf(Locale.ROOT, "ingested %d batches of %d rows in %.1f s; waiting for the windows to close%n",
                models * batches, rows, Duration.between(sentFrom, Instant.now()).toMillis() / 1e3);
        Instant lastReport = null;
        Instant firstCloseAt = null;
        long deadline = System.currentTimeMillis() + 30 * 60_000;
        int done = 0;
        Pattern created = Pattern.compile("\"createdAt\"\\s*:\\s*\"([^\"]+)\"");
        Pattern windowEnd = Pattern.compile("\"windowEnd\"\\s*:\\s*\"([^\"]+)\"");
        while (System.currentTimeMillis() < deadline) {
            done = 0;
            lastReport = null;
            firstCloseAt = null;
            for (int m = 0; m < models; m++) {
                String page = get("/api/v1/models/" + prefix + "-" + m + "/drift?version=1&size=50").body();
                Matcher c = created.matcher(page);
                Matcher w = windowEnd.matcher(page);
                boolean any = false;
                while (c.find() && w.find()) {
                    any = true;
                    Instant at = Instant.parse(c.group(1));
                    Instant end = Instant.parse(w.group(1));
                    lastReport = lastReport == null || at.isAfter(lastReport) ? at : lastReport;
                    firstCloseAt = firstCloseAt == null || end.isBefore(firstCloseAt) ? end : firstCloseAt;
                }
                if (any) {
                    done++;
                }
            }
            if (done == models) {
                break;
            }
            Thread.sleep(2000);
        }
        long grace = Long.parseLong(System.getProperty("grace", "0"));
        System.out.printf(Locale.ROOT, "%d of %d models reported; window end %s, last report %s: the %d windows "
                        + "(%d features + prediction each) closed within %.1f s of their close time (end + %d s grace)%n",
                done, models, firstCloseAt, lastReport, done, features,
                lastReport == null ? Double.NaN : Duration.between(firstCloseAt.plusSeconds(grace), lastReport).toMillis()
                        / 1e3, grace);
    }

    /** Schema f0..f{n-1} numeric + prediction, model, version 1, reference of 20,000 rows. */
    static int referenceRows = 20_000;

    static void setup(String model, int features) throws Exception {
        StringBuilder schema = new StringBuilder("name: " + model + "-features\nfeatures:\n");
        for (int f = 0; f < features; f++) {
            schema.append("  - {name: f").append(f).append(", type: numeric}\n");
        }
        schema.append("prediction: {name: score, type: numeric, min: 0, max: 1}\n");
        check(post("/api/v1/schemas", schema.toString().getBytes(StandardCharsets.UTF_8), "application/yaml", Map.of()));
        check(post("/api/v1/models", ("{\"name\":\"" + model + "\"}").getBytes(StandardCharsets.UTF_8),
                "application/json", Map.of()));
        check(post("/api/v1/models/" + model + "/versions", ("{\"artifactUri\":\"s3://bench/" + model
                + "\",\"runtime\":\"custom\",\"schema\":\"" + model + "-features\"}").getBytes(StandardCharsets.UTF_8),
                "application/json", Map.of()));
        Random r = new Random(3);
        StringBuilder csv = new StringBuilder();
        for (int f = 0; f < features; f++) {
            csv.append('f').append(f).append(',');
        }
        csv.append("score\n");
        for (int i = 0; i < referenceRows; i++) {
            for (int f = 0; f < features; f++) {
                csv.append(String.format(Locale.ROOT, "%.4f,", r.nextGaussian() * (1 + f % 5) + f));
            }
            csv.append(String.format(Locale.ROOT, "%.4f%n", r.nextDouble()));
        }
        HttpRequest.Builder b = request("/api/v1/models/" + model + "/versions/1/profile")
                .header("Content-Type", "text/csv").PUT(HttpRequest.BodyPublishers.ofString(csv.toString()));
        check(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    static byte[] batch(Random r, int rows, int features, double shift) {
        return batch(r, rows, features, shift, null);
    }

    static byte[] batch(Random r, int rows, int features, double shift, Instant ts) {
        StringBuilder sb = new StringBuilder(rows * features * 12);
        for (int i = 0; i < rows; i++) {
            sb.append(ts == null ? "{" : "{\"ts\":\"" + ts + "\",");
            if (requestIds) {
                sb.append("\"request_id\":\"").append(new String(ID_SLOT, StandardCharsets.UTF_8)).append('-').append(i)
                        .append("\",");
            }
            sb.append("\"features\":{");
            for (int f = 0; f < features; f++) {
                if (f > 0) {
                    sb.append(',');
                }
                sb.append("\"f").append(f).append("\":")
                        .append(String.format(Locale.ROOT, "%.4f", r.nextGaussian() * (1 + f % 5) + f + shift));
            }
            sb.append("},\"prediction\":").append(String.format(Locale.ROOT, "%.4f", r.nextDouble())).append("}\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A copy of the body whose request ids carry the batch number n (the body itself when there are no ids). */
    static byte[] withBatchNumber(byte[] body, long n) {
        if (!requestIds) {
            return body;
        }
        byte[] out = body.clone();
        byte[] hex = String.format(Locale.ROOT, "%08x", n).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i <= out.length - ID_SLOT.length; i++) {
            if (out[i] == '@' && java.util.Arrays.equals(out, i, i + ID_SLOT.length, ID_SLOT, 0, ID_SLOT.length)) {
                System.arraycopy(hex, 0, out, i, hex.length);
                i += ID_SLOT.length - 1;
            }
        }
        return out;
    }

    static HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofMinutes(5));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    static HttpResponse<String> post(String path, byte[] body, String type, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = request(path).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static void check(HttpResponse<String> r) {
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + abbreviate(r.body()));
        }
    }

    static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                o.put(args[i].substring(2), args[++i]);
            }
        }
        return o;
    }
}
