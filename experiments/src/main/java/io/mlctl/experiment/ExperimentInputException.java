package io.mlctl.experiment;

/**
 * Input that no statistic can be computed from (a rate outside (0,1), alpha 1.5, ratio 0...). The message names the
 * parameter and the allowed range, so callers show it to the user as is (CLI one-liner, problem+json detail).
 */
public class ExperimentInputException extends IllegalArgumentException {
    public ExperimentInputException(String message) {
        super(message);
    }
}
