package io.mlctl.cli.monitor;

import io.mlctl.api.client.ApiPaths;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.support.ApiCommand;
import io.mlctl.cli.support.ApiClient;
import io.mlctl.cli.support.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** {@code mlctl profiles upload MODEL VERSION FILE}: streams training data to the server, which profiles it. */
@Command(name = "upload", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Upload the reference data of a version (CSV with a header row, or NDJSON samples).",
                "The file is streamed with a progress bar, never loaded whole; the server profiles every schema",
                "feature and the prediction (column named after the schema's prediction, or 'prediction')."})
public final class ProfileUploadCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "MODEL")
    String model;
    @Parameters(index = "1", paramLabel = "VERSION")
    int version;
    @Parameters(index = "2", paramLabel = "FILE", description = "The reference data (.csv, .ndjson or .jsonl).")
    Path file;

    @Option(names = "--format", paramLabel = "csv|ndjson", description = "File format (default: from the extension).")
    String format;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    @Override
    public Integer call() {
        String f = format != null ? format.toLowerCase(Locale.ROOT) : file.toString().toLowerCase(Locale.ROOT)
                .endsWith(".csv") ? "csv" : "ndjson";
        String contentType = f.equals("csv") ? "text/csv" : "application/x-ndjson";
        JsonNode r = server.client().sendFile("PUT", ApiClient.query(ApiPaths.profile(model, version), ApiClient.params("format", f)), file, contentType, Map.of(),
                io.mlctl.cli.support.Progress.stream(spec, noProgress));
        Printer printer = new Printer(spec.commandLine().getOut(), output.output);
        if (printer.format() == io.mlctl.cli.support.OutputFormat.table) {
            spec.commandLine().getOut().printf("reference profile %d of %s/%d: %d rows, %d features%n",
                    r.path("id").asLong(), model, version, r.path("rows").asLong(), r.path("features").size());
            ProfileGetCommand.features(printer, r);
        } else {
            printer.object(r);
        }
        return 0;
    }
}
