package io.mlctl.logger;

import io.mlctl.protocol.ExchangeDecoder;

import java.time.Instant;

/**
 * Where the decoded rows go (the seam {@code --sink} chooses): the control plane's samples endpoint
 * ({@link Shipper}) or a Kafka topic ({@link KafkaShipper}). Either one runs on its own thread off the hot path,
 * taking pairs from the {@link PairQueue}.
 */
abstract class SampleShipper implements Runnable {

    /** Hands over the decoder once the version's schema is loaded; until then pairs wait in the queue. */
    abstract void decoder(ExchangeDecoder d);

    /** The decoder once the schema is loaded, else null. */
    abstract ExchangeDecoder decoder();

    /** Send what is queued now, then stop. */
    abstract void stop();

    /** The last send's outcome in words, for /health. */
    abstract String lastSend();

    /** When the last send ended, or null before the first. */
    abstract Instant lastSendAt();
}
