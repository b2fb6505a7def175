package io.mlctl.controlplane.experiment.page;

import java.util.ArrayList;
import java.util.List;

/**
 * A linear map from data values to pixels with "nice" ticks (steps of 1, 2 or 5 times a power of ten), so chart
 * axes read 0%, 5%, 10% rather than 0%, 4.37%, 8.74%.
 */
record Scale(double min, double max, double from, double to) {

    /** A scale covering the values (and zero), padded by 5% on each side. */
    static Scale covering(List<Double> values, double from, double to) {
        double lo = 0;
        double hi = 0;
        for (Double v : values) {
            if (v != null && Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (hi - lo < 1e-9) {
            lo -= 0.01;
            hi += 0.01;
        }
        double pad = (hi - lo) * 0.05;
        return new Scale(lo - pad, hi + pad, from, to);
    }

    double at(double v) {
        double clamped = Math.max(min, Math.min(max, v));
        return from + (clamped - min) / (max - min) * (to - from);
    }

    List<Double> ticks(int target) {
        double raw = (max - min) / Math.max(1, target);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[]{1, 2, 5, 10}) {
            if (raw <= m * mag) {
                step = m * mag;
                break;
            }
        }
        List<Double> ticks = new ArrayList<>();
        for (double t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
            ticks.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        return ticks;
    }
}
