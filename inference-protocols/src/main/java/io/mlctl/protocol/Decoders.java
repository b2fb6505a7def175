package io.mlctl.protocol;

import io.mlctl.api.registry.FeatureSchema;

/** Picks the decoder of a protocol. */
final class Decoders {
    private Decoders() {
    }

    static ExchangeDecoder of(Protocol protocol, FeatureSchema schema) {
        return switch (protocol) {
            case OIP -> new OipDecoder(schema);
            case KSERVE_V1, TORCHSERVE -> new InstancesDecoder(schema, protocol);
            case OPENAI -> new OpenAiDecoder(schema);
        };
    }
}
