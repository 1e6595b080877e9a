package io.tributary.benchmarks.http;

import io.tributary.benchmarks.ProcessMemory;
import io.tributary.benchmarks.Report;
import io.tributary.benchmarks.Samples;
import io.tributary.benchmarks.SuiteOptions;
import io.tributary.benchmarks.engine.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Start-up time and resident memory of the platform: idle, under load (from the HTTP section), and as
 * topics and idle consumer instances are added — with the growth per item at several sizes, to catch
 * anything worse than linear.
 */
public final class FootprintSection {

    public static final String SECTION = "Start-up and resident memory (platform child process)";

    private final SuiteOptions options;
    private final Report report;
    private @Nullable ClassDataArchive archive;

    public FootprintSection(SuiteOptions options, Report report) {
        this.options = options;
        this.report = report;
    }

    /**
     * Starts the platform on an empty data directory a few times, as the exec jar and as deploy/ starts it (the
     * extracted jar with its class data archive), alternately so both see the same machine: time to /ready and
     * idle memory.
     */
    public void startup() throws IOException {
        ClassDataArchive archive = archive();
        Samples seconds = new Samples();
        Samples cpu = new Samples();
        Samples rss = new Samples();
        Samples anon = new Samples();
        Samples archivedSeconds = new Samples();
        Samples archivedCpu = new Samples();
        Samples archivedRss = new Samples();
        for (int rep = 0; rep < options.repetitions(); rep++) {
            Path data = Files.createTempDirectory(Files.createDirectories(options.workDir()), "startup");
            try {
                try (PlatformServer server = start(data)) {
                    ProcessMemory memory = idle(server);
                    seconds.add(server.startupSeconds());
                    cpu.add(server.startupCpuSeconds());
                    rss.add(memory.rssMiB());
                    anon.add(memory.anonMiB());
                    System.out.printf(Locale.ROOT, "  rep %d exec jar: start %.2f s (CPU %.1f s), idle RSS %.0f MiB%n", rep + 1,
                            server.startupSeconds(), server.startupCpuSeconds(), memory.rssMiB());
                }
                TempDirs.delete(data);
                try (PlatformServer server = PlatformServer.start(options.env(), options.serverJavaHome(), archive.jar(), data,
                        options.workDir().resolve("logs"), archive.jvmFlags(), List.of())) {
                    ProcessMemory memory = idle(server);
                    archivedSeconds.add(server.startupSeconds());
                    archivedCpu.add(server.startupCpuSeconds());
                    archivedRss.add(memory.rssMiB());
                    System.out.printf(Locale.ROOT, "  rep %d %s: start %.2f s (CPU %.1f s), idle RSS %.0f MiB%n", rep + 1, archive.kind(),
                            server.startupSeconds(), server.startupCpuSeconds(), memory.rssMiB());
                }
            } finally {
                TempDirs.delete(data);
            }
        }
        report.row(SECTION, "start to `/ready` (empty data directory)").value(seconds, "s")
                .detail("`java -jar` of the exec jar; process launch to the first 204 of GET /ready; CPU time to ready "
                        + Report.number(cpu.median()) + " s (all threads)")
                .targetValue("< 3 s", v -> v < 3).done();
        report.row(SECTION, "start to `/ready`, extracted jar + " + archive.kind() + " (as deploy/ starts it)").value(archivedSeconds, "s")
                .ceiling("exec jar", seconds, "s")
                .detail(String.format(Locale.ROOT, "the image and deploy/run-local.sh: archive made once by a training run of %.0f s "
                        + "(deploy/README.md); CPU time to ready %s s; idle RSS %s MiB", archive.trainingSeconds(),
                        Report.number(archivedCpu.median()), Report.number(archivedRss.median())))
                .targetValue("< 3 s", v -> v < 3).done();
        report.row(SECTION, "resident memory idle, 3 s after ready").value(rss, "MiB")
                .detail("exec jar; of which anonymous (heap, metaspace, stacks): " + Report.number(anon.median()) + " MiB")
                .targetValue("< 300 MB", v -> v * 1.048576 < 300).done();
    }

    /** The platform's class data archive, made by a training run the first time it is needed. */
    private ClassDataArchive archive() {
        if (archive == null) {
            archive = ClassDataArchive.prepare(options.env(), options.serverJavaHome(), options.workDir().resolve("cds"),
                    options.workDir().resolve("logs").resolve("cds"));
            System.out.printf(Locale.ROOT, "  %s made by a training run of %.1f s%n", archive.kind(), archive.trainingSeconds());
        }
        return archive;
    }

    private ProcessMemory idle(PlatformServer server) {
        PlatformServer.pause(options.smoke() ? Duration.ofMillis(100) : Duration.ofSeconds(3));
        return server.memory();
    }

    /** Memory under the HTTP section's load (peak VmRSS sampled every 250 ms). */
    public void underLoad(ProcessMemory peak) {
        report.row(SECTION, "resident memory under HTTP load (peak)").value(Samples.of(peak.rssMiB()), "MiB")
                .detail(String.format(Locale.ROOT, "anonymous %s MiB, file-backed (code + mapped queue files) %s MiB",
                        Report.number(peak.anonMiB()), Report.number(peak.fileMiB())))
                .peer(1.6 * 1024, "~1.6 GB (bridge + broker)").done();
    }

    /**
     * Peak memory under load with the heap sized as deploy/ sizes it: the images run with
     * {@code -XX:MaxRAMPercentage=75} inside compose.yaml's 1 GiB limit for the platform, which {@code -XX:MaxRAM=1g}
     * reproduces here without a container. The same kinds of load as the HTTP section (batched produce on 16
     * connections, one record per request on 64, a consumer reading it all back), so the figure says what the
     * platform needs when its heap is bounded, and the rates say whether the bound costs throughput.
     */
    public void underLoadAsDeployed() throws IOException {
        Path data = Files.createTempDirectory(Files.createDirectories(options.workDir()), "deployed");
        try (PlatformServer server = PlatformServer.start(options.env(), options.serverJavaHome(), data,
                options.workDir().resolve("logs"), List.of("-XX:MaxRAM=1g", "-XX:MaxRAMPercentage=75"), List.of());
                MemorySampler memory = new MemorySampler(server.pid())) {
            server.api().createTopic("deployed", 3);
            // A fresh JVM: warm up a little longer than the HTTP section's first repetition (4 s), so the rates compare.
            Duration warmup = options.smoke() ? Duration.ofMillis(200) : Duration.ofSeconds(5);
            Duration measure = options.smoke() ? Duration.ofMillis(300) : Duration.ofSeconds(8);
            LoadResult batched = ClosedLoop.run(server.port(), 16, warmup, measure, 100, RequestSource.constant(
                    Requests.post("/topics/deployed", PlatformApi.BINARY_V2, PlatformApi.binaryBatch(100, 100)))).requireMostlyOk("batched");
            LoadResult single = ClosedLoop.run(server.port(), 64, warmup, measure, 1, RequestSource.constant(
                    Requests.post("/topics/deployed", PlatformApi.BINARY_V2, PlatformApi.binaryBatch(1, 100)))).requireMostlyOk("single");
            ConsumeLoad.Result consumed = ConsumeLoad.run(server, "deployed", "binary", (int) Math.min(batched.records(), 2_000_000),
                    "deployed-reader");
            ProcessMemory peak = memory.peak();
            System.out.printf(Locale.ROOT, "  heap as deployed: peak RSS %.0f MiB; batched %s; single %s%n", peak.rssMiB(), batched, single);
            report.row(SECTION, "resident memory under HTTP load (peak), heap sized as deploy/ runs it").value(Samples.of(peak.rssMiB()), "MiB")
                    .detail(String.format(Locale.ROOT, "`-XX:MaxRAM=1g -XX:MaxRAMPercentage=75` (compose.yaml's 1 GiB limit, the image's "
                            + "flag); anonymous %s MiB, file-backed %s MiB; under it: batched produce %s records/s (16 conn), one record "
                            + "per request %s req/s (64 conn), consume %s records/s", Report.number(peak.anonMiB()), Report.number(peak.fileMiB()),
                            Report.number(batched.recordsPerSecond()), Report.number(single.requestsPerSecond()),
                            Report.number(consumed.recordsPerSecond())))
                    .peer(1.6 * 1024, "~1.6 GB (bridge + broker)").done();
        } finally {
            TempDirs.delete(data);
        }
    }

    /** 1,000 topics × 3 partitions and 1,000 idle consumer instances on a fresh platform, then a restart. */
    public void scale() throws IOException {
        int topics = options.count(1_000, 10);
        int[] checkpoints = options.smoke() ? new int[] {5, 10} : new int[] {100, 300, 1_000};
        Path data = Files.createTempDirectory(Files.createDirectories(options.workDir()), "scale");
        try {
            List<String> growth = new ArrayList<>();
            double createSeconds;
            ProcessMemory withTopics;
            ProcessMemory written;
            try (PlatformServer server = start(data)) {
                PlatformApi api = server.api();
                PlatformServer.pause(options.smoke() ? Duration.ofMillis(100) : Duration.ofSeconds(2));
                ProcessMemory base = server.memory();
                ProcessMemory previous = base;
                int created = 0;
                int previousCount = 0;
                long start = System.nanoTime();
                for (int checkpoint : checkpoints) {
                    for (; created < checkpoint; created++) {
                        api.createTopic(String.format(Locale.ROOT, "scale.topic-%04d", created), 3);
                    }
                    ProcessMemory now = server.memory();
                    growth.add(String.format(Locale.ROOT, "%,d topics: %s MiB (+%s KiB per topic since %,d)", checkpoint,
                            Report.number(now.rssMiB()), Report.number((now.rssMiB() - previous.rssMiB()) * 1024 / (checkpoint - previousCount)),
                            previousCount));
                    previous = now;
                    previousCount = checkpoint;
                }
                createSeconds = (System.nanoTime() - start) / 1e9;
                withTopics = server.memory();
                // One record in every partition: each partition's queue file is now created and mapped.
                byte[] record = PlatformApi.binaryBatch(1, 100).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                try (HttpConnection connection = HttpConnection.open("127.0.0.1", server.port())) {
                    for (int t = 0; t < topics; t++) {
                        for (int p = 0; p < 3; p++) {
                            String path = String.format(Locale.ROOT, "/topics/scale.topic-%04d/partitions/%d", t, p);
                            if (!connection.exchange(Requests.post(path, PlatformApi.BINARY_V2, record), false).ok()) {
                                throw new IllegalStateException("Produce to " + path + " failed");
                            }
                        }
                    }
                }
                written = server.memory();
                report.row(SECTION, String.format(Locale.ROOT, "resident memory with %,d topics × 3 partitions (empty)", topics))
                        .value(Samples.of(withTopics.rssMiB()), "MiB")
                        .detail(String.format(Locale.ROOT, "from %s MiB with none; %s; created in %.1f s", Report.number(base.rssMiB()),
                                String.join("; ", growth), createSeconds))
                        .done();
                report.row(SECTION, String.format(Locale.ROOT, "… after one record in each of the %,d partitions", topics * 3))
                        .value(Samples.of(written.rssMiB()), "MiB")
                        .detail(String.format(Locale.ROOT, "anonymous %s MiB, file-backed %s MiB", Report.number(written.anonMiB()),
                                Report.number(written.fileMiB())))
                        .done();
                consumers(server);
            }
            double restartSeconds;
            try (PlatformServer restarted = start(data)) {
                restartSeconds = restarted.startupSeconds();
                ProcessMemory memory = idle(restarted);
                report.row(SECTION, String.format(Locale.ROOT, "start to `/ready` with %,d topics × 3 partitions", topics))
                        .value(Samples.of(restartSeconds), "s")
                        .detail(String.format(Locale.ROOT, "exec jar; CPU time to ready %s s; idle RSS after restart %s MiB "
                                + "(anonymous %s MiB, file-backed %s MiB)", Report.number(restarted.startupCpuSeconds()),
                                Report.number(memory.rssMiB()), Report.number(memory.anonMiB()), Report.number(memory.fileMiB())))
                        .targetValue("< 3 s", v -> v < 3).done();
            }
            ClassDataArchive archive = archive();
            try (PlatformServer restarted = PlatformServer.start(options.env(), options.serverJavaHome(), archive.jar(), data,
                    options.workDir().resolve("logs"), archive.jvmFlags(), List.of())) {
                ProcessMemory memory = idle(restarted);
                report.row(SECTION, String.format(Locale.ROOT, "… the same, extracted jar + %s (as deploy/ starts it)", archive.kind()))
                        .value(Samples.of(restarted.startupSeconds()), "s")
                        .ceiling("exec jar", Samples.of(restartSeconds), "s")
                        .detail(String.format(Locale.ROOT, "CPU time to ready %s s; idle RSS after restart %s MiB",
                                Report.number(restarted.startupCpuSeconds()), Report.number(memory.rssMiB())))
                        .targetValue("< 3 s", v -> v < 3).done();
            }
            report.note(SECTION, "Scale rows are single measurements (n=1): they show growth, not a rate. RSS is VmRSS of "
                    + "/proc/<pid>/status; file-backed pages (code, memory-mapped queue files) are counted in it but the kernel "
                    + "can drop them under memory pressure. The platform runs with the JVM's default heap sizing.");
        } finally {
            TempDirs.delete(data);
        }
    }

    private void consumers(PlatformServer server) {
        PlatformApi api = server.api();
        try (HttpConnection probe = HttpConnection.open("127.0.0.1", server.port())) {
            int status = probe.exchange(Requests.get("/consumers"), false).status();
            if (status == 404 || status == 405) {
                report.notMeasured(SECTION, "resident memory with 1,000 idle consumer instances",
                        "the consumer-group endpoints are not on this build's main yet");
                return;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int count = options.count(1_000, 10);
        ProcessMemory before = server.memory();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            api.createIdleConsumer("idle-" + (i % 10), "c" + i);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        PlatformServer.pause(options.smoke() ? Duration.ofMillis(100) : Duration.ofSeconds(2));
        ProcessMemory after = server.memory();
        report.row(SECTION, String.format(Locale.ROOT, "resident memory with %,d idle consumer instances (10 groups)", count))
                .value(Samples.of(after.rssMiB()), "MiB")
                .detail(String.format(Locale.ROOT, "+%s KiB per instance; created in %.1f s", Report.number((after.rssMiB() - before.rssMiB()) * 1024 / count),
                        seconds))
                .done();
    }

    private PlatformServer start(Path data) {
        return PlatformServer.start(options.env(), options.serverJavaHome(), data, options.workDir().resolve("logs"), List.of(), List.of());
    }
}
