package io.mlctl.controlplane.mlflow;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** MLflow's error body ({@code MlflowException.serialize_as_json}). */
@Serdeable(naming = SnakeCaseStrategy.class)
public record MlflowError(String errorCode, String message) {
}
