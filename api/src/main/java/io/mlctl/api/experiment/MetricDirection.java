package io.mlctl.api.experiment;

import io.micronaut.serde.annotation.Serdeable;

/** Which way is good: conversion should {@code increase}, latency or error rate should {@code decrease}. */
@Serdeable
public enum MetricDirection {
    increase, decrease
}
