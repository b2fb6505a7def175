package io.mlctl.cli.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mlctl.api.experiment.ExperimentRequest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Files the user wrote are read as strictly as the server reads bodies. */
class StrictFilesTest {
    private static final String OK = """
            name: exp
            model: fraud
            arms: [{name: control, version: "7", weight: 50}, {name: treatment, version: "8", weight: 50}]
            metrics: [{name: conversion, type: proportion, baseline: 0.1, mdeRelative: 0.2}]
            """;

    private static ExperimentRequest read(String yaml) throws JsonProcessingException {
        return Printer.strictFiles().readValue(yaml, ExperimentRequest.class);
    }

    @Test
    void aGoodFileReads() throws JsonProcessingException {
        assertEquals(50, read(OK).arms().get(0).weight());
    }

    @Test
    void typosCoercionAndTruncationAreErrors() {
        assertThrows(JsonProcessingException.class, () -> read(OK + "alpah: 0.05\n"));
        assertThrows(JsonProcessingException.class, () -> read(OK.replace("weight: 50}, {", "weight: 50.5}, {")));
        assertThrows(JsonProcessingException.class, () -> read(OK.replace("model: fraud", "model: 12")));
        assertThrows(JsonProcessingException.class, () -> read(OK.replace("weight: 50}, {", "weight: \"50\"}, {")));
    }
}
