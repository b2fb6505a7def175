package io.mlctl.controlplane.server;

import io.mlctl.rollout.api.Durations;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code mlctl server} options of drift monitoring: window length, grace period for late samples, how long request
 * pairings are kept, batch limits.
 */
public final class MonitoringOptions implements io.mlctl.controlplane.server.ServerProperties {

    @Option(names = "--drift-window", paramLabel = "DURATION", defaultValue = "${env:MLCTL_DRIFT_WINDOW:-5m}",
            converter = DurationConverter.class,
            description = "Length of the tumbling drift windows, dividing an hour (10s, 1m, 5m...; env "
                    + "MLCTL_DRIFT_WINDOW, default 5m). Windows roll up into hours and days.")
    Duration window;

    @Option(names = "--drift-grace", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long after its end a window waits for late samples before it closes "
                    + "(default: half the window, at most 1m).")
    Duration grace;

    @Option(names = "--pairing-retention", paramLabel = "DURATION", defaultValue = "24h",
            converter = DurationConverter.class,
            description = "How long the predictions of samples with a request_id are kept for shadow agreement "
                    + "(by sample time; default ${DEFAULT-VALUE}). A shadow compared over a longer period pairs only "
                    + "this much of it.")
    Duration pairingRetention;

    @Option(names = "--label-horizon", paramLabel = "DURATION", defaultValue = "7d",
            converter = DurationConverter.class,
            description = "How long after a prediction its label may arrive (by the prediction's sample time; default "
                    + "${DEFAULT-VALUE}). Predictions with a request_id are kept this long plus a day (or "
                    + "--pairing-retention if longer); a later label counts as expired.")
    Duration labelHorizon;

    @Option(names = "--max-batch-size", paramLabel = "BYTES", defaultValue = "16777216",
            description = "Largest sample batch in bytes; larger ones get 413 (default ${DEFAULT-VALUE}).")
    long maxBatchBytes;

    @Option(names = "--max-upload-size", paramLabel = "SIZE", defaultValue = "16GB",
            description = "Largest reference profile upload; the file is profiled as it streams in, never held in "
                    + "memory (default ${DEFAULT-VALUE}).")
    String maxUploadSize;

    @Override
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("mlctl.drift.window", Durations.format(window));
        if (grace != null) {
            p.put("mlctl.drift.grace", Durations.format(grace));
        }
        p.put("mlctl.ingest.pairing-retention", Durations.format(pairingRetention));
        p.put("mlctl.quality.label-horizon", Durations.format(labelHorizon));
        p.put("mlctl.ingest.max-batch-bytes", maxBatchBytes);
        p.put("mlctl.ingest.max-upload-bytes", maxUploadSize);
        return p;
    }

    /** Parses 10s, 5m, 1h30m... with a one-line reason on error (picocli turns it into exit 64). */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d = Durations.parse(value.trim());
            if (d.isZero() || d.isNegative()) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' must be positive");
            }
            return d;
        }
    }
}
