package io.mlctl.experiment;

/** Units needed (or observed) per arm of a two-arm comparison. */
public record SampleSize(long control, long treatment) {
    public long total() {
        return control + treatment;
    }
}
