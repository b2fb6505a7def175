package io.mlctl.controlplane.schema;

import io.mlctl.api.common.ProblemException;

/**
 * Where ingest and drift get a model version's {@link SampleSchema} from (the registry's feature schemas).
 */
public interface SchemaSource {

    /**
     * @throws ProblemException 404 when the model or version does not exist, 409 when the version has no schema
     */
    SampleSchema schemaOf(String model, int version);
}
