package io.tributary.benchmarks.http;

import io.tributary.benchmarks.Report;
import io.tributary.benchmarks.Samples;
import io.tributary.benchmarks.SuiteOptions;
import io.tributary.benchmarks.engine.TempDirs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * What surviving a power loss costs: the platform with {@code tributary.platform.flush=always} (every append forced to
 * the device before it is acknowledged) beside one with the default {@code never} (acknowledged once in the
 * memory-mapped file, which survives a crash of the process but not of the machine). Both servers are up at once and
 * the loads alternate between them, so the ratio compares rates measured seconds apart. The disk's own rate of forced
 * writes is measured in the same run, for scale.
 */
public final class DurabilitySection {

    public static final String SECTION = "Durability: fsync before every acknowledgement (`flush: always`) against the default (both servers up, loads alternating)";

    private final SuiteOptions options;
    private final Report report;

    public DurabilitySection(SuiteOptions options, Report report) {
        this.options = options;
        this.report = report;
    }

    public void run() throws Exception {
        Path dataNever = Files.createTempDirectory(Files.createDirectories(options.workDir()), "flush-never");
        Path dataAlways = Files.createTempDirectory(options.workDir(), "flush-always");
        Path logs = options.workDir().resolve("logs");
        try (PlatformServer never = PlatformServer.start(options.env(), options.serverJavaHome(), dataNever, logs, List.of(), List.of());
                PlatformServer always = PlatformServer.start(options.env(), options.serverJavaHome(), dataAlways, logs, List.of(),
                        List.of("--tributary.platform.flush=always"))) {
            never.api().createTopic("produce", 1);
            always.api().createTopic("produce", 1);
            byte[] one = Requests.post("/topics/produce", PlatformApi.BINARY_V2, PlatformApi.binaryBatch(1, 100));
            byte[] hundred = Requests.post("/topics/produce", PlatformApi.BINARY_V2, PlatformApi.binaryBatch(100, 100));
            Series oneNever = new Series();
            Series oneAlways = new Series();
            Series hundredNever = new Series();
            Series hundredAlways = new Series();
            Samples forcesPerSecond = new Samples();
            for (int rep = 0; rep < options.repetitions(); rep++) {
                oneNever.add(SideBySideLoad.run(options, never, "flush never, 1 record", one, 1, rep));
                oneAlways.add(SideBySideLoad.run(options, always, "flush always, 1 record", one, 1, rep));
                hundredNever.add(SideBySideLoad.run(options, never, "flush never, 100 records", hundred, 100, rep));
                hundredAlways.add(SideBySideLoad.run(options, always, "flush always, 100 records", hundred, 100, rep));
                double forces = forcedWritesPerSecond(dataAlways);
                forcesPerSecond.add(forces);
                System.out.printf(Locale.ROOT, "  rep %d this disk: %,.0f forced 100 B writes/s (one thread)%n", rep + 1, forces);
            }
            String disk = String.format(Locale.ROOT, "; this disk, one thread writing 100 B and forcing each: %s writes/s",
                    Report.number(forcesPerSecond.median()));
            report.row(SECTION, "produce 1 record (100 B, binary) per request, 16 connections, `flush: always`")
                    .value(oneAlways.requests, "req/s").detail(oneAlways.latency() + disk)
                    .ceiling("`flush: never` (the default)", oneNever.requests, "req/s").done();
            report.row(SECTION, "produce 100 records (100 B, binary) per request, 16 connections, `flush: always`")
                    .value(hundredAlways.records, "records/s")
                    .detail(Report.number(hundredAlways.requests.median()) + " req/s; " + hundredAlways.latency())
                    .ceiling("`flush: never` (the default)", hundredNever.records, "records/s").done();
            report.note(SECTION, "`flush: always` forces the partition's cycle file to the device (`fsync`) after each append "
                    + "and before the answer (appends that wrote while a force ran share the next one: group commit), and the "
                    + "committed offsets likewise: acknowledged data survives a power loss or a "
                    + "kernel panic. `never`, the default, acknowledges once the records are in the memory-mapped file: they "
                    + "survive `kill -9` of the platform, not a crash of the machine (Kafka's default is the same: it leaves "
                    + "flushing to the OS and relies on replication). Each repetition runs the four loads alternating between "
                    + "the two servers, then the disk probe (a file in the data directory, `FileChannel.force` after each "
                    + "100 B write, for " + probeDuration() / 1000.0 + " s).");
        } finally {
            TempDirs.delete(dataNever);
            TempDirs.delete(dataAlways);
        }
    }

    private long probeDuration() {
        return options.smoke() ? 200 : 2_000;
    }

    /** One thread appending 100 B to a file and forcing each write to the device, as fast as the disk lets it. */
    private double forcedWritesPerSecond(Path dir) throws IOException {
        Path file = dir.resolve("force-probe.bin");
        ByteBuffer record = ByteBuffer.allocate(100);
        long writes = 0;
        long start = System.nanoTime();
        long end = start + probeDuration() * 1_000_000L;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (System.nanoTime() < end) {
                record.clear();
                channel.write(record);
                channel.force(false);
                writes++;
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return writes / ((System.nanoTime() - start) / 1e9);
    }
}
