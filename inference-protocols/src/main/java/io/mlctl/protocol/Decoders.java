package io.mlctl.protocol;

import io.mlctl.api.registry.FeatureSchema;

/** Picks the decoder of a protocol. */
final class Decoders {
    private Decoders() {
    }

    static ExchangeDecoder of(Protocol protocol, FeatureSchema schema) {
        // filled in by the protocol decoders (oip, kserve-v1, openai, torchserve)
        throw new IllegalStateException("decoders for " + protocol + " are being written");
    }
}
