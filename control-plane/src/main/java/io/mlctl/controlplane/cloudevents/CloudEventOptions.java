package io.mlctl.controlplane.cloudevents;

import io.mlctl.controlplane.server.ServerProperties;
import io.mlctl.api.common.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Map;

/** {@code mlctl server} options of the KServe CloudEvents endpoint. */
public final class CloudEventOptions implements ServerProperties {

    @Option(names = "--cloudevent-pairing-timeout", paramLabel = "DURATION", defaultValue = "5m",
            converter = PositiveDuration.class,
            description = "How long the request or response event of a KServe payload-logger pair waits for its "
                    + "partner before it is dropped and counted as unpaired (default ${DEFAULT-VALUE}).")
    Duration pairingTimeout;

    @Override
    public Map<String, Object> properties() {
        return Map.of(CloudEventHalves.TIMEOUT_PROPERTY, Durations.format(pairingTimeout));
    }

    static final class PositiveDuration implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d;
            try {
                d = Durations.parse(value.trim());
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (30s, 5m, 1h)");
            }
            if (d.isZero() || d.isNegative()) {
                throw new CommandLine.TypeConversionException("'" + value + "' must be positive");
            }
            return d;
        }
    }
}
