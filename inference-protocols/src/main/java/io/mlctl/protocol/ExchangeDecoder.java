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

    /**
     * Whether a request is an inference of this protocol (POST to its inference path), so a proxy can skip health,
     * metadata and model-list calls without reading them; {@link #decode} answers no rows for the others. A null or
     * empty method or path counts as an inference (CloudEvents and Kafka records carry no path).
     */
    boolean inference(String method, String path);

    static ExchangeDecoder of(Protocol protocol, FeatureSchema schema) {
        return Decoders.of(protocol, schema);
    }
}
