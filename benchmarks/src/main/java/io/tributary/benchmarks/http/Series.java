package io.tributary.benchmarks.http;

import io.tributary.benchmarks.Report;
import io.tributary.benchmarks.Samples;
import java.util.Locale;

/** The repetitions of one load figure: request and record rates and latency percentiles per repetition. */
public final class Series {

    public final Samples requests = new Samples();
    public final Samples records = new Samples();
    public final Samples p50 = new Samples();
    public final Samples p99 = new Samples();
    public final Samples p999 = new Samples();
    private long errors;

    public Series add(LoadResult result) {
        requests.add(result.requestsPerSecond());
        records.add(result.recordsPerSecond());
        p50.add(result.percentileMillis(50));
        p99.add(result.percentileMillis(99));
        p999.add(result.percentileMillis(99.9));
        errors += result.errors();
        return this;
    }

    /** "p50 1.2 ms, p99 4.5 ms (4.1–5.0)" with medians over the repetitions. */
    public String latency() {
        return String.format(Locale.ROOT, "p50 %s ms, p99 %s ms (%s–%s), p99.9 %s ms%s", Report.number(p50.median()),
                Report.number(p99.median()), Report.number(p99.min()), Report.number(p99.max()), Report.number(p999.median()),
                errors == 0 ? "" : ", " + errors + " errors");
    }
}
