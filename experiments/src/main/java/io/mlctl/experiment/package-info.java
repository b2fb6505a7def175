/**
 * Statistics for A/B experiments, pure Java over Apache Commons Math: sample sizes and their inverses
 * ({@link io.mlctl.experiment.ProportionDesign}, {@link io.mlctl.experiment.MeanDesign}), fixed-horizon tests
 * ({@link io.mlctl.experiment.TwoProportionTest}, {@link io.mlctl.experiment.WelchTest}), the relative lift
 * ({@link io.mlctl.experiment.RelativeLift}), sample-ratio mismatch ({@link io.mlctl.experiment.SampleRatioMismatch}),
 * peeking-safe confidence sequences ({@link io.mlctl.experiment.ConfidenceSequence}), corrections for several
 * metrics ({@link io.mlctl.experiment.MultipleTesting}), guardrails ({@link io.mlctl.experiment.NonInferiority})
 * and sticky assignment ({@link io.mlctl.experiment.StickyAssignment}).
 *
 * <p>Conventions (docs/DESIGN.md "Experiments"): two-sided alpha; z quantiles of the standard normal; sample sizes
 * are rounded up per arm; allocation ratio {@code k = n_treatment / n_control}. Bad input throws
 * {@link io.mlctl.experiment.ExperimentInputException} with a message meant for the user.
 */
package io.mlctl.experiment;
