package io.mlctl.api.schema;

import io.mlctl.api.registry.FeatureSchema;

/** A schema document that parsed and validated: the schema, and the upload it came from. */
public record ParsedSchema(FeatureSchema schema, SchemaFormat format, String source) {
}
