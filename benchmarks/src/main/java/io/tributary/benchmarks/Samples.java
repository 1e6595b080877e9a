package io.tributary.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Repetitions of one measurement: reported as the median with the spread (min–max). */
public final class Samples {

    private final List<Double> values = new ArrayList<>();

    public static Samples of(double... values) {
        Samples samples = new Samples();
        for (double value : values) {
            samples.add(value);
        }
        return samples;
    }

    public synchronized Samples add(double value) {
        values.add(value);
        return this;
    }

    public synchronized int count() {
        return values.size();
    }

    public synchronized boolean isEmpty() {
        return values.isEmpty();
    }

    public synchronized double median() {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public synchronized double min() {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    public synchronized double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** Spread as a fraction of the median: (max - min) / median. */
    public synchronized double relativeSpread() {
        double median = median();
        return median == 0 ? 0 : (max() - min()) / median;
    }

    @Override
    public synchronized String toString() {
        return Arrays.toString(values.toArray());
    }
}
