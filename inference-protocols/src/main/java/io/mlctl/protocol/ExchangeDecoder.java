package io.mlctl.protocol;

import io.mlctl.api.registry.FeatureSchema;

import java.util.List;

/**
 * Decodes request/response pairs of one protocol into sample rows through one version's feature schema
 * ({@code inputs}/{@code output} mapping, by feature name where the schema has none). Thread-safe; build one per
 * (protocol, schema) with {@link #of(Protocol, FeatureSchema)}.
 */
public interface ExchangeDecoder {

    /** The rows of one pair (one per batch row); empty for a non-2xx answer. */
    List<SampleRow> decode(Exchange exchange) throws UndecodableException;

    /**
     * Features of the schema that no input mapping (explicit, or by name) can fill for this protocol, with why, so
     * the logger can say so plainly at start. Empty when every feature is mapped.
     */
    List<String> unmappedFeatures();

    static ExchangeDecoder of(Protocol protocol, FeatureSchema schema) {
        return Decoders.of(protocol, schema);
    }
}
