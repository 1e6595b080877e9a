package io.tributary.benchmarks.engine;

import io.tributary.benchmarks.Report;
import io.tributary.benchmarks.Samples;
import io.tributary.benchmarks.SuiteOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmarks of the storage engine and reports each against raw Chronicle Queue measured
 * right beside it. Each measurement iteration is one repetition: the median and spread are over them.
 */
public final class EngineSection {

    public static final String SECTION = "Storage engine (JMH, in-process)";

    private static final int MIN_REPETITIONS = 5;

    private final SuiteOptions options;
    private final Report report;
    /** Engine batch-append records/s into one growing log, by record size: named in the HTTP batch rows' detail. */
    private final Map<Integer, Samples> engineBatchRate = new HashMap<>();
    /** The same on fresh files each iteration, shown beside it. */
    private final Map<Integer, Samples> engineBatchRateFreshFiles = new HashMap<>();

    public EngineSection(SuiteOptions options, Report report) {
        this.options = options;
        this.report = report;
    }

    public Map<Integer, Samples> engineBatchRate() {
        return engineBatchRate;
    }

    public Map<Integer, Samples> engineBatchRateFreshFiles() {
        return engineBatchRateFreshFiles;
    }

    /**
     * One fork of the engine's batch append of {@code recordBytes}-byte records into one growing log, as in the
     * section's growing-log rows: the HTTP batch rows measure it beside themselves, because this VM's page cache moves
     * it by up to 3× from one quarter of an hour to the next (1.5 to 4.6 million records/s in two runs of the same code).
     */
    public List<Double> growingLogBatchAppend(int recordBytes) throws RunnerException {
        return measure(AppendBenchmark.class, "engineBatch", 1, String.valueOf(recordBytes), Map.of("log", "growing"));
    }

    public void run() throws RunnerException {
        for (int threads : new int[] {1, 2}) {
            Map<String, Samples> append = paired(AppendBenchmark.class, "engine", "raw", threads, Map.of("log", "fresh"));
            for (String size : List.of("100", "1024")) {
                report.row(SECTION, "append " + label(size) + " records, 1 per call, " + threads + (threads == 1 ? " thread" : " threads"))
                        .value(append.get("engine/" + size), "records/s")
                        .ceiling("raw Chronicle appender", append.get("raw/" + size), "records/s")
                        .targetRatio("≥ 80 % of raw", r -> r >= 0.8)
                        .done();
            }
        }
        batchRows("fresh", "", "raw Chronicle appender", engineBatchRateFreshFiles);
        batchRows("growing", ", one growing log", "raw Chronicle appender, one growing queue", engineBatchRate);
        Map<String, String> readParams = options.smoke() ? Map.of("records", "1000") : Map.of();
        Map<String, Samples> read = paired(ReadBenchmark.class, "engine", "raw", 1, readParams);
        for (String size : List.of("100", "1024")) {
            report.row(SECTION, "read " + label(size) + " records from an offset, 500 per call")
                    .value(read.get("engine/" + size), "records/s")
                    .ceiling("raw Chronicle tailer", read.get("raw/" + size), "records/s")
                    .targetRatio("≥ 80 % of raw", r -> r >= 0.8)
                    .done();
        }
        report.note(SECTION, "JMH " + (options.smoke() ? "smoke (1 short iteration, no fork)" : repetitions()
                + " repetitions; each is one fork of the engine and one of raw Chronicle, back to back (alternating which goes first), "
                + "each 2 × 1 s warm-up and 1 × 2 s measured, so each ratio compares rates measured seconds apart, not minutes")
                + "; records carry no key and no headers. Raw Chronicle writes the same value bytes as one document each "
                + "(`writingDocument()`), which is also what the engine does per record — the engine adds its 34-byte "
                + "header (version, offset, timestamp, flags, lengths, CRC32C) and the offset index. Each append iteration starts on fresh "
                + "files, except in the *one growing log* rows, where one log (queue) grows through the fork as a running platform's "
                + "does: on this VM the host backs guest memory lazily and takes back pages freed for a few seconds, so new page-cache "
                + "pages cost a host fault each, which files deleted between iterations mostly avoid (see the findings, *Page cache on "
                + "a lazily backed VM*). The growing-log rows measure the regime of the HTTP batch rows, whose platform's log only grows; the HTTP "
                + "section measures that ceiling again beside its batch loads, one fork per repetition, because the regime moves "
                + "it by up to 3× between quarters of an hour. "
                + "Both use the FAST_HOURLY roll cycle. With 2 threads both append to the same partition (queue).");
    }

    /** The batch-append rows with {@code log} files (see {@link AppendBenchmark}); the engine's rates go to {@code rates}. */
    private void batchRows(String log, String rowSuffix, String ceiling, Map<Integer, Samples> rates) throws RunnerException {
        Map<String, Samples> batch = paired(AppendBenchmark.class, "engineBatch", "rawBatch", 1, Map.of("log", log));
        for (String size : List.of("100", "1024")) {
            rates.put(Integer.parseInt(size), batch.get("engineBatch/" + size));
            report.row(SECTION, "append " + label(size) + " records, batches of 100, 1 thread" + rowSuffix)
                    .value(batch.get("engineBatch/" + size), "records/s")
                    .ceiling(ceiling, batch.get("rawBatch/" + size), "records/s")
                    .targetRatio("≥ 80 % of raw", r -> r >= 0.8)
                    .done();
        }
    }

    /**
     * At least {@value #MIN_REPETITIONS} repetitions, whatever the suite's count: a pair of forks takes seconds, and one
     * fork of the same code differs from the next by up to a third here (raw Chronicle's 100-byte appends: 3.8 to 5.5
     * million a second in consecutive forks), so three pairs left the median of a ratio to the luck of one fork.
     */
    private int repetitions() {
        return options.smoke() ? 1 : Math.max(options.repetitions(), MIN_REPETITIONS);
    }

    private static String label(String size) {
        return size.equals("1024") ? "1 KiB" : size + " B";
    }

    /**
     * Runs benchmark methods {@code a} and {@code b} of {@code type} side by side, for each record size: each repetition
     * is one fork of each, back to back, alternating which runs first. On this shared machine a minute can change a rate
     * by 2×; one fork of {@code a} after all of them of {@code b} compared one period with another.
     *
     * @return measured scores by "method/recordBytes"
     */
    private Map<String, Samples> paired(Class<?> type, String a, String b, int threads, Map<String, String> params)
            throws RunnerException {
        Map<String, Samples> scores = new HashMap<>();
        for (int rep = 0; rep < repetitions(); rep++) {
            for (String size : List.of("100", "1024")) {
                for (String method : rep % 2 == 0 ? List.of(a, b) : List.of(b, a)) {
                    Samples samples = scores.computeIfAbsent(method + "/" + size, key -> new Samples());
                    measure(type, method, threads, size, params).forEach(samples::add);
                }
            }
        }
        return scores;
    }

    /** One fork of benchmark {@code method} with {@code recordBytes = size}; returns its measured iteration scores. */
    private List<Double> measure(Class<?> type, String method, int threads, String size, Map<String, String> params)
            throws RunnerException {
        ChainedOptionsBuilder builder = new OptionsBuilder()
                .include(type.getName() + "\\." + method + "$")
                .param("recordBytes", size)
                .threads(threads)
                .shouldFailOnError(true)
                .jvmArgsAppend(options.forkJvmArgs().toArray(String[]::new));
        if (options.smoke()) {
            builder.forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(100))
                    .verbosity(VerboseMode.SILENT);
        } else {
            builder.forks(1).warmupIterations(2).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(1).measurementTime(TimeValue.seconds(2))
                    .verbosity(VerboseMode.SILENT);
        }
        params.forEach(builder::param);
        List<Double> values = new ArrayList<>();
        for (RunResult result : new Runner(builder.build()).run()) {
            for (BenchmarkResult benchmark : result.getBenchmarkResults()) {
                for (IterationResult iteration : benchmark.getIterationResults()) {
                    values.add(iteration.getPrimaryResult().getScore());
                }
            }
        }
        System.out.printf(Locale.ROOT, "  %s.%s (%s B, %d thread(s)): %s records/s%n", type.getSimpleName(), method, size, threads,
                values);
        return values;
    }
}
