package io.tributary.benchmarks.http;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What one load run measured: completed requests (and the records they carried) over the measured
 * window, failures, and the latency distribution in microseconds.
 */
public record LoadResult(long requests, long records, long errors, double seconds, Histogram latencyMicros,
        String firstError) {

    public double requestsPerSecond() {
        return requests / seconds;
    }

    public double recordsPerSecond() {
        return records / seconds;
    }

    public double percentileMillis(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Throws when more than 1 % of requests failed: such a figure would be meaningless. */
    public LoadResult requireMostlyOk(String what) {
        if (requests == 0 || errors > requests / 100) {
            throw new IllegalStateException(what + ": " + errors + " errors in " + (requests + errors) + " requests; first: " + firstError);
        }
        return this;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%,.0f req/s, %,.0f records/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, %d errors",
                requestsPerSecond(), recordsPerSecond(), percentileMillis(50), percentileMillis(99), percentileMillis(99.9), errors)
                + (errors == 0 ? "" : " (first: " + firstError + ")");
    }

    static Histogram newHistogram() {
        return new Histogram(120_000_000L, 3);
    }
}
