package io.mlctl.experiment;

/** Which way a metric should move: conversion up ({@code INCREASE}), latency or error rate down ({@code DECREASE}). */
public enum Direction {
    INCREASE, DECREASE;

    /** The change expressed so that positive is good. */
    public double improvement(double difference) {
        return this == INCREASE ? difference : -difference;
    }
}
