package io.mlctl.controlplane.web;

import io.micronaut.serde.exceptions.SerdeException;

/** A request body member of the wrong JSON shape, with its path in the body ({@code serving.gpu.count}). */
final class BodyFieldException extends SerdeException {
    private final String field;

    BodyFieldException(String field, String message) {
        super(field.isEmpty() ? message : field + ": " + message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
