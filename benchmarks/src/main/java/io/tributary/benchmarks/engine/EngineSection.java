package io.tributary.benchmarks.engine;

import io.tributary.benchmarks.Report;
import io.tributary.benchmarks.Samples;
import io.tributary.benchmarks.SuiteOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
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

    private final SuiteOptions options;
    private final Report report;
    /** Engine batch-append records/s by record size, the ceiling of the HTTP batch rows. */
    private final Map<Integer, Samples> engineBatchRate = new HashMap<>();

    public EngineSection(SuiteOptions options, Report report) {
        this.options = options;
        this.report = report;
    }

    public Map<Integer, Samples> engineBatchRate() {
        return engineBatchRate;
    }

    public void run() throws RunnerException {
        for (int threads : new int[] {1, 2}) {
            Map<String, Samples> append = run(AppendBenchmark.class.getName() + "\\.(engine|raw)$", threads, Map.of());
            for (String size : List.of("100", "1024")) {
                report.row(SECTION, "append " + label(size) + " records, 1 per call, " + threads + (threads == 1 ? " thread" : " threads"))
                        .value(append.get("engine/" + size), "records/s")
                        .ceiling("raw Chronicle appender", append.get("raw/" + size), "records/s")
                        .targetRatio("≥ 80 % of raw", r -> r >= 0.8)
                        .done();
            }
        }
        Map<String, Samples> batch = run(AppendBenchmark.class.getName() + "\\.(engineBatch|rawBatch)$", 1, Map.of());
        for (String size : List.of("100", "1024")) {
            engineBatchRate.put(Integer.parseInt(size), batch.get("engineBatch/" + size));
            report.row(SECTION, "append " + label(size) + " records, batches of 100, 1 thread")
                    .value(batch.get("engineBatch/" + size), "records/s")
                    .ceiling("raw Chronicle appender", batch.get("rawBatch/" + size), "records/s")
                    .targetRatio("≥ 80 % of raw", r -> r >= 0.8)
                    .done();
        }
        Map<String, String> readParams = options.smoke() ? Map.of("records", "1000") : Map.of();
        Map<String, Samples> read = run(ReadBenchmark.class.getName() + "\\.(engine|raw)$", 1, readParams);
        for (String size : List.of("100", "1024")) {
            report.row(SECTION, "read " + label(size) + " records from an offset, 500 per call")
                    .value(read.get("engine/" + size), "records/s")
                    .ceiling("raw Chronicle tailer", read.get("raw/" + size), "records/s")
                    .targetRatio("≥ 80 % of raw", r -> r >= 0.8)
                    .done();
        }
        report.note(SECTION, "JMH " + (options.smoke() ? "smoke (1 short iteration, no fork)" : "1 fork, 3 × 1 s warm-up, "
                + options.repetitions() + " × 1 s measured iterations (the repetitions)")
                + "; records carry no key and no headers. Raw Chronicle writes the same value bytes as one document each "
                + "(`writingDocument()`), which is also what the engine does per record — the engine adds its 34-byte "
                + "header (version, offset, timestamp, flags, lengths, CRC32C) and the offset index. Each append iteration starts on fresh "
                + "files; both use the FAST_HOURLY roll cycle. With 2 threads both append to the same partition (queue).");
    }

    private static String label(String size) {
        return size.equals("1024") ? "1 KiB" : size + " B";
    }

    /** Runs the matching benchmarks; returns iteration scores by "method/recordBytes". */
    private Map<String, Samples> run(String include, int threads, Map<String, String> params) throws RunnerException {
        ChainedOptionsBuilder builder = new OptionsBuilder()
                .include(include)
                .threads(threads)
                .shouldFailOnError(true)
                .jvmArgsAppend(options.forkJvmArgs().toArray(String[]::new));
        if (options.smoke()) {
            builder.forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(100))
                    .verbosity(VerboseMode.SILENT);
        } else {
            builder.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(options.repetitions()).measurementTime(TimeValue.seconds(1))
                    .verbosity(VerboseMode.NORMAL);
        }
        params.forEach(builder::param);
        Collection<RunResult> results = new Runner(builder.build()).run();
        Map<String, Samples> scores = new HashMap<>();
        for (RunResult result : results) {
            String method = result.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            String key = method + "/" + result.getParams().getParam("recordBytes");
            Samples samples = new Samples();
            List<Double> values = new ArrayList<>();
            for (BenchmarkResult benchmark : result.getBenchmarkResults()) {
                for (IterationResult iteration : benchmark.getIterationResults()) {
                    values.add(iteration.getPrimaryResult().getScore());
                }
            }
            values.forEach(samples::add);
            scores.put(key, samples);
        }
        return scores;
    }
}
