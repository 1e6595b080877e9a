package io.tributary.benchmarks.engine;

import io.tributary.platform.log.ChronicleLogStore;
import io.tributary.platform.log.LogStore;
import io.tributary.platform.log.LogStoreOptions;
import io.tributary.platform.log.NewRecord;
import io.tributary.platform.log.PartitionLog;
import io.tributary.platform.log.TopicConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Appending records of {@code recordBytes} value bytes (no key, no headers) to one partition of the
 * storage engine, against raw Chronicle Queue appending the same value bytes as one document each with
 * {@code writingDocument()} — the ceiling, since the engine stores one document per record too. Run with
 * 1 and 2 threads (both append to the same partition / queue). Scores are records per second.
 *
 * <p>{@code log}: with {@code fresh} (the engine rows) each iteration starts on fresh files, deleted after it; with
 * {@code growing} one log grows through the whole fork, as a running platform's log does. Why both: on a VM whose
 * guest memory the host backs lazily (this benchmark's machine), a page of the page cache costs a host fault the
 * first time it is touched, and pages freed for more than a few seconds are handed back to the host. Files deleted
 * between iterations give the next iteration pages freed a moment ago, already backed; a log that only grows, as in
 * the HTTP sections, takes new pages all the time and pays that fault for each — up to ~340 ns per 100-byte record
 * here, as much as the rest of the append. So {@code fresh} isolates the engine's own cost against raw Chronicle, and
 * {@code growing} is the ceiling for paths that append to a running platform's log.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AppendBenchmark {

    static final int BATCH = 100;

    @Param({"100", "1024"})
    public int recordBytes;

    @Param({"fresh", "growing"})
    public String log;

    Path dir;
    LogStore store;
    PartitionLog partition;
    ChronicleQueue queue;
    byte[] value;
    List<NewRecord> one;
    List<NewRecord> batch;

    @Setup(Level.Iteration)
    public void open() throws Exception {
        if (store != null) {
            return; // a growing log, still open from the previous iteration
        }
        if (!log.equals("fresh") && !log.equals("growing")) {
            throw new IllegalArgumentException("log must be fresh or growing, not " + log);
        }
        dir = TempDirs.create("append");
        value = new byte[recordBytes];
        Arrays.fill(value, (byte) 'x');
        NewRecord record = new NewRecord(null, value, List.of());
        one = List.of(record);
        List<NewRecord> records = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            records.add(record);
        }
        batch = List.copyOf(records);
        store = ChronicleLogStore.open(LogStoreOptions.of(dir.resolve("engine")));
        partition = store.createTopic("bench", 1, TopicConfig.DEFAULTS).partition(0);
        // The engine maps the default (hourly) roll cycle to FAST_HOURLY: the raw queue uses the same.
        queue = SingleChronicleQueueBuilder.binary(dir.resolve("raw")).rollCycle(RollCycles.FAST_HOURLY).build();
    }

    @TearDown(Level.Iteration)
    public void closeIteration() {
        if (log.equals("fresh")) {
            close();
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        if (store != null) {
            store.close();
            queue.close();
            TempDirs.delete(dir);
            store = null;
        }
    }

    /** One raw appender per thread, as Chronicle requires. */
    @State(Scope.Thread)
    public static class RawAppender {

        ExcerptAppender appender;

        @Setup(Level.Iteration)
        public void open(AppendBenchmark benchmark) {
            appender = benchmark.queue.createAppender();
        }

        @TearDown(Level.Iteration)
        public void close() {
            appender.close();
        }
    }

    @Benchmark
    public long engine() {
        return partition.append(one, null);
    }

    @Benchmark
    public void raw(RawAppender raw) {
        try (DocumentContext document = raw.appender.writingDocument()) {
            document.wire().bytes().write(value);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long engineBatch() {
        return partition.append(batch, null);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void rawBatch(RawAppender raw) {
        for (int i = 0; i < BATCH; i++) {
            try (DocumentContext document = raw.appender.writingDocument()) {
                document.wire().bytes().write(value);
            }
        }
    }
}
