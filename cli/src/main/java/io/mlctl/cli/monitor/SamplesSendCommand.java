package io.mlctl.cli.monitor;

import io.mlctl.api.client.ApiPaths;
import com.fasterxml.jackson.databind.JsonNode;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.mlctl.cli.support.ApiCommand;
import io.mlctl.cli.support.ApiClient;
import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.cli.support.OutputFormat;
import io.mlctl.cli.support.Printer;
import io.mlctl.cli.support.Progress;
import io.mlctl.cli.support.ProgressInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code mlctl samples send MODEL VERSION FILE}: splits an NDJSON file into batches and posts them. Each batch's
 * Idempotency-Key is derived from its position and content, so running the same command again (after a failure
 * half-way, say) is deduplicated by the server instead of counted twice.
 */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send an NDJSON file of samples, one {\"ts\", \"features\", \"prediction\"} object per line,",
                "in batches. Re-running the same command is safe: batches already accepted are acknowledged",
                "again and not counted twice. A rejected batch stops the run (exit 1) with the file's line",
                "numbers and reasons, unless --partial accepts the valid rows."})
public class SamplesSendCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "MODEL")
    String model;
    @Parameters(index = "1", paramLabel = "VERSION")
    int version;
    @Parameters(index = "2", paramLabel = "FILE", description = "NDJSON samples ('-' for standard input).")
    String file;

    @Option(names = "--batch-size", paramLabel = "ROWS", defaultValue = "5000",
            description = "Rows per batch (default ${DEFAULT-VALUE}).")
    int batchRows;

    @Option(names = "--max-batch-bytes", paramLabel = "BYTES", defaultValue = "8000000",
            description = "Largest batch in bytes; keep it under the server's --max-batch-size (default ${DEFAULT-VALUE}).")
    long maxBatchBytes;

    @Option(names = "--partial", description = "Accept the valid rows of a batch with rejected ones.")
    boolean partial;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mlctl-send");
        t.setDaemon(true);
        return t;
    });
    private Future<?> inFlight;
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private long accepted;
    private long rejected;
    private int batches;
    private int duplicates;
    private long alreadyStored;

    @Override
    public Integer call() throws IOException {
        if (batchRows < 1) {
            throw new CliException(ExitCodes.USAGE, "--batch-size must be positive");
        }
        ApiClient client = server.client();
        String path = ApiClient.query(ApiPaths.ingest(model, version, resource()),
                ApiClient.params("partial", partial ? true : null));
        try (InputStream in = open()) {
            ByteArrayOutputStream batch = new ByteArrayOutputStream(1 << 20);
            ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
            int rows = 0;
            int firstLine = 1;
            int lineNo = 0;
            byte[] chunk = new byte[1 << 16];
            int n;
            while ((n = in.read(chunk)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] != '\n') {
                        continue;
                    }
                    line.write(chunk, start, i + 1 - start);
                    start = i + 1;
                    lineNo++;
                    if (batch.size() + line.size() > maxBatchBytes && rows > 0) {
                        submit(client, path, batch.toByteArray(), firstLine);
                        batch.reset();
                        rows = 0;
                        firstLine = lineNo;
                    }
                    line.writeTo(batch);
                    line.reset();
                    if (++rows == batchRows) {
                        submit(client, path, batch.toByteArray(), firstLine);
                        batch.reset();
                        rows = 0;
                        firstLine = lineNo + 1;
                    }
                }
                line.write(chunk, start, n - start);
            }
            if (line.size() > 0) {
                line.writeTo(batch);
                rows++;
            }
            if (rows > 0) {
                submit(client, path, batch.toByteArray(), firstLine);
            }
            awaitSent();
        } finally {
            sender.shutdownNow();
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("model", model);
        summary.put("version", version);
        summary.put("batches", batches);
        summary.put("duplicateBatches", duplicates);
        summary.put("alreadyStored", alreadyStored);
        summary.put("accepted", accepted);
        summary.put("rejected", rejected);
        summary.putAll(counts);
        PrintWriter out = spec.commandLine().getOut();
        if (output.output == OutputFormat.table) {
            out.printf("sent %d batches to %s/%d: %d rows accepted, %d rejected%s%n", batches, model, version,
                    accepted, rejected, (counts.isEmpty() ? "" : " (" + counts.toString().replaceAll("[{}]", "")
                            + ")") + (duplicates > 0 ? "; " + duplicates + " batches (" + alreadyStored
                            + " rows) were already stored by an earlier run and not counted again" : ""));
        } else {
            new Printer(out, output.output).object(summary);
        }
        return 0;
    }

    /** The path segment the batches go to under the version. */
    protected String resource() {
        return "samples";
    }

    /** Further counts of the acknowledgements summed into the summary (beyond accepted and rejected). */
    protected java.util.List<String> countedFields() {
        return java.util.List.of();
    }

    private InputStream open() throws IOException {
        if (file.equals("-")) {
            return new BufferedInputStream(System.in, 1 << 16);
        }
        Path p = Path.of(file);
        InputStream in = Files.newInputStream(p);
        PrintStream progress = Progress.stream(spec, noProgress);
        if (progress != null) {
            in = new ProgressInputStream(in, Files.size(p), progress, p.getFileName().toString());
        }
        return new BufferedInputStream(in, 1 << 16);
    }

    /**
     * Sends the batch on the sender thread once the one before it was answered: the next batch is read from the file
     * while this one is on its way (the order, and so the keys, stay those of the file).
     */
    private void submit(ApiClient client, String path, byte[] body, int firstLine) {
        awaitSent();
        inFlight = sender.submit(() -> send(client, path, body, firstLine));
    }

    /** Waits for the batch in flight; its failure is the command's. */
    private void awaitSent() {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted while sending");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            inFlight = null;
        }
    }

    private void send(ApiClient client, String path, byte[] body, int firstLine) {
        String key = "mlctl-send-" + batches + "-" + sha256(body).substring(0, 32);
        // the server answers 503 while the database is away (and may be briefly unreachable): retry the same key
        RetryPolicy<JsonNode> retry = RetryPolicy.<JsonNode>builder()
                .handleIf(e -> e instanceof CliException c && c.exitCode() == ExitCodes.UNREACHABLE)
                .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(16))
                .withMaxRetries(6)
                .build();
        JsonNode ack;
        try {
            ack = Failsafe.with(retry).get(() -> client.postBytes(path, body, "application/x-ndjson",
                    Map.of("Idempotency-Key", key)));
        } catch (ApiClient.ApiException e) {
            throw new CliException(e.exitCode(), "batch " + (batches + 1) + " (lines " + firstLine + "...) was "
                    + "rejected: " + e.getMessage() + lines(e.problem(), firstLine), e);
        }
        batches++;
        if (ack.path("duplicate").asBoolean()) {
            duplicates++;
            alreadyStored += ack.path("accepted").asLong();
            return; // stored by an earlier run: its rows were counted then
        }
        accepted += ack.path("accepted").asLong();
        rejected += ack.path("rejected").asLong();
        for (String field : countedFields()) {
            counts.merge(field, ack.path(field).asLong(), Long::sum);
        }
        if (ack.path("rejected").asLong() > 0) {
            for (JsonNode err : ack.path("errors")) {
                System.err.printf("line %d: %s%n", firstLine - 1 + err.path("line").asInt(), err.path("reason").asText());
            }
        }
    }

    /** The rejected rows with their line numbers in the file. */
    private static String lines(JsonNode problem, int firstLine) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (JsonNode err : problem.path("errors")) {
            if (n++ == 10) {
                sb.append(System.lineSeparator()).append("  ...");
                break;
            }
            sb.append(System.lineSeparator()).append("  line ").append(firstLine - 1 + err.path("line").asInt())
                    .append(": ").append(err.path("reason").asText());
        }
        return sb.toString();
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
