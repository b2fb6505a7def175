package io.mlctl.cli.experiment;

import io.mlctl.api.client.ApiPaths;
import io.mlctl.cli.support.ApiClient;
import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mlctl experiments events send ID FILE}. */
@Command(name = "events", mixinStandardHelpOptions = true, description = "Send exposure and metric events.",
        subcommands = {EventsCommand.Send.class})
public final class EventsCommand {

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = {"Send an NDJSON file of exposure and metric events as one batch.",
                    "One event per line; arm defaults to the unit's sticky arm, ts to now:",
                    "  {\"type\":\"exposure\",\"unit\":\"u1\",\"arm\":\"treatment\",\"ts\":\"2026-11-22T10:00:00Z\"}",
                    "  {\"type\":\"metric\",\"unit\":\"u1\",\"metric\":\"conversion\",\"value\":1}",
                    "The batch is accepted entirely or rejected with the line numbers at fault. Sending the same "
                            + "file again is acknowledged and counted once (the Idempotency-Key defaults to the file's SHA-256)."})
    public static final class Send extends RemoteCommand implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Parameters(index = "1", paramLabel = "FILE")
        Path file;

        @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Batch key (default: sha256 of the file).")
        String key;

        @Option(names = "--no-progress", description = "Do not draw a progress bar on stderr.")
        boolean noProgress;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                throw new CliException(ExitCodes.USAGE, "no such file: " + file);
            }
            String k = key != null ? key : "sha256:" + sha256(file);
            Object result;
            try {
                result = server.client().postFile(ApiPaths.experimentEvents(id), file, "application/x-ndjson",
                        Map.of("Idempotency-Key", k), io.mlctl.cli.support.Progress.stream(spec, noProgress));
            } catch (ApiClient.ApiException e) {
                // the one-line reason names the first bad line; list the others the server reported before it
                e.problem().path("errors").forEach(err -> spec.commandLine().getErr().println("  line "
                        + err.path("line").asText("?") + (err.hasNonNull("field") ? " (" + err.path("field").asText() + ")" : "")
                        + ": " + err.path("reason").asText()));
                throw e;
            }
            printer().object(result);
            return 0;
        }

        private static String sha256(Path file) {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                return HexFormat.of().formatHex(md.digest());
            } catch (IOException e) {
                throw new CliException(ExitCodes.FAILED, "cannot read " + file + ": " + e.getMessage(), e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
