package io.tributary.benchmarks.http;

import io.tributary.benchmarks.Report;
import io.tributary.benchmarks.Samples;
import io.tributary.benchmarks.SuiteOptions;
import io.tributary.benchmarks.engine.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * This build against an earlier one (its exec jar), both servers up on the same JDK, loads alternating
 * between them: before/after figures of a change measured side by side, which is the only honest
 * comparison on a shared, noisy machine. {@code benchmarks/run.sh baseline --baseline=REV} builds REV's jar.
 */
public final class BaselineSection {

    public static final String SECTION = "Before and after: this build against a baseline build (both servers up, loads alternating)";

    private record Load(String name, String label, int recordsPerRequest, byte[] request) {
    }

    private final SuiteOptions options;
    private final Report report;
    private final Path baselineJar;

    public BaselineSection(SuiteOptions options, Report report, Path baselineJar) {
        this.options = options;
        this.report = report;
        this.baselineJar = baselineJar;
    }

    public void run() throws Exception {
        Path dataAfter = Files.createTempDirectory(Files.createDirectories(options.workDir()), "after");
        Path dataBefore = Files.createTempDirectory(options.workDir(), "before");
        Path logs = options.workDir().resolve("logs");
        try (PlatformServer after = PlatformServer.start(options.env(), options.serverJavaHome(), dataAfter, logs, List.of(), List.of());
                PlatformServer before = PlatformServer.start(options.env(), options.serverJavaHome(), baselineJar, dataBefore, logs,
                        List.of(), List.of())) {
            for (PlatformServer server : List.of(after, before)) {
                server.api().createTopic("produce", 1);
                server.api().createTopic("batch", 1);
            }
            List<Load> loads = List.of(
                    new Load("healthy", "`GET /healthy`, 16 connections", 0, Requests.get("/healthy")),
                    new Load("produce-1", "produce 1 record (100 B, binary) per request, 16 connections", 1,
                            Requests.post("/topics/produce", PlatformApi.BINARY_V2, PlatformApi.binaryBatch(1, 100))),
                    new Load("batch-json", "produce 100 records (100 B, json) per request, 16 connections", 100,
                            Requests.post("/topics/batch", PlatformApi.JSON_V2, PlatformApi.jsonBatch(100, 100))),
                    new Load("batch-binary", "produce 100 records (100 B, binary) per request, 16 connections", 100,
                            Requests.post("/topics/batch", PlatformApi.BINARY_V2, PlatformApi.binaryBatch(100, 100))));
            for (Load load : loads) {
                Series thisBuild = new Series();
                Series baseline = new Series();
                for (int rep = 0; rep < options.repetitions(); rep++) {
                    thisBuild.add(SideBySideLoad.run(options, after, "baseline comparison " + load.name(), load.request(),
                            load.recordsPerRequest(), rep));
                    baseline.add(SideBySideLoad.run(options, before, "baseline comparison " + load.name(), load.request(),
                            load.recordsPerRequest(), rep));
                }
                boolean records = load.recordsPerRequest() > 1;
                report.row(SECTION, load.label())
                        .value(records ? thisBuild.records : thisBuild.requests, records ? "records/s" : "req/s")
                        .detail("this build " + thisBuild.latency() + "; baseline " + baseline.latency())
                        .ceiling(options.baselineLabel(), records ? baseline.records : baseline.requests, records ? "records/s" : "req/s")
                        .done();
            }
            consume(after, before);
            report.note(SECTION, String.format(Locale.ROOT, "The ratio is this build over the baseline (%s, jar %s), both on the "
                    + "same JDK with default settings, each load run against one server and then the other, repetition by "
                    + "repetition; a ratio above 100 %% is faster now.", options.baselineLabel(), baselineJar.getFileName()));
        } finally {
            TempDirs.delete(dataAfter);
            TempDirs.delete(dataBefore);
        }
    }

    private void consume(PlatformServer after, PlatformServer before) throws Exception {
        int backlog = options.count(200_000, 2_000);
        for (String format : List.of("binary", "json")) {
            String topic = "consume-" + format;
            ConsumeLoad.fill(after, topic, format, backlog);
            ConsumeLoad.fill(before, topic, format, backlog);
            ConsumeLoad.warmUp(after, topic, format, backlog);
            ConsumeLoad.warmUp(before, topic, format, backlog);
            Samples thisBuild = new Samples();
            Samples baseline = new Samples();
            Samples fetchedNow = new Samples();
            Samples fetchedBefore = new Samples();
            for (int rep = 0; rep < options.repetitions(); rep++) {
                ConsumeLoad.Result now = ConsumeLoad.run(after, topic, format, backlog, "baseline-" + rep);
                ConsumeLoad.Result then = ConsumeLoad.run(before, topic, format, backlog, "baseline-" + rep);
                thisBuild.add(now.recordsPerSecond());
                baseline.add(then.recordsPerSecond());
                fetchedNow.add(now.recordsPerFetch());
                fetchedBefore.add(then.recordsPerFetch());
            }
            report.row(SECTION, "consume " + Report.number(backlog) + " records (100 B, " + format + "), fetch + commit each")
                    .value(thisBuild, "records/s")
                    .detail(Report.number(fetchedNow.median()) + " records per fetch now, " + Report.number(fetchedBefore.median())
                            + " before")
                    .ceiling(options.baselineLabel(), baseline, "records/s").done();
        }
    }

}
