package io.mlctl.controlplane.experiment;

import java.time.LocalDate;

/**
 * One parsed event line: an exposure of a unit to an arm, or a metric value of a unit (which exposes it too).
 * {@code day} is the UTC date of its timestamp; {@code metric} and {@code value} only for metric events.
 */
record Event(int line, boolean exposureOnly, String unit, String arm, String metric, double value, LocalDate day) {
}
