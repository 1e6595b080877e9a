package io.tributary.benchmarks.engine;

import io.tributary.platform.log.ChronicleLogStore;
import io.tributary.platform.log.LogStore;
import io.tributary.platform.log.LogStoreOptions;
import io.tributary.platform.log.NewRecord;
import io.tributary.platform.log.PartitionLog;
import io.tributary.platform.log.StoredRecord;
import io.tributary.platform.log.TopicConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reading {@value #BATCH} records from an offset, over and over through a partition of {@code records}
 * records: {@code PartitionLog.read(offset, 500, 64 MiB)} against a raw Chronicle tailer that moves to
 * the same position ({@code moveToIndex}) and copies each document's bytes into a new byte[] with one bulk
 * copy, as the engine copies a document (the least a reader must do to hand a record on). The engine side takes
 * every field a fetch takes from each record. Scores are records per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReadBenchmark {

    static final int BATCH = 500;
    static final long MAX_BYTES = 64L * 1024 * 1024;

    @Param({"100", "1024"})
    public int recordBytes;

    /** Records in the partition; a multiple of {@value #BATCH}. */
    @Param({"200000"})
    public int records;

    Path dir;
    LogStore store;
    PartitionLog partition;
    ChronicleQueue queue;
    /** Chronicle index of every {@value #BATCH}th raw document. */
    long[] batchStarts;

    @Setup(Level.Trial)
    public void fill() throws Exception {
        dir = TempDirs.create("read");
        byte[] value = new byte[recordBytes];
        Arrays.fill(value, (byte) 'x');
        NewRecord record = new NewRecord(null, value, List.of());
        List<NewRecord> batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            batch.add(record);
        }
        store = ChronicleLogStore.open(LogStoreOptions.of(dir.resolve("engine")));
        partition = store.createTopic("bench", 1, TopicConfig.DEFAULTS).partition(0);
        queue = SingleChronicleQueueBuilder.binary(dir.resolve("raw")).rollCycle(RollCycles.FAST_HOURLY).build();
        batchStarts = new long[records / BATCH];
        try (ExcerptAppender appender = queue.createAppender()) {
            for (int b = 0; b < batchStarts.length; b++) {
                partition.append(batch, null);
                for (int i = 0; i < BATCH; i++) {
                    try (DocumentContext document = appender.writingDocument()) {
                        document.wire().bytes().write(value);
                    }
                    if (i == 0) {
                        batchStarts[b] = appender.lastIndexAppended();
                    }
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
        queue.close();
        TempDirs.delete(dir);
    }

    /** Where a thread reads next, and its own raw tailer. */
    @State(Scope.Thread)
    public static class Cursor {

        int batch;
        ExcerptTailer tailer;

        @Setup(Level.Trial)
        public void open(ReadBenchmark benchmark) {
            tailer = benchmark.queue.createTailer();
        }

        @TearDown(Level.Trial)
        public void close() {
            tailer.close();
        }

        int next(int batches) {
            int current = batch;
            batch = current + 1 == batches ? 0 : current + 1;
            return current;
        }
    }

    /**
     * Reads the batch and takes from each record what a fetch takes before it renders the record: its size (the
     * byte budget), offset, timestamp, headers, and key and value where they lie (a fetch encodes them from there,
     * never from a copy). Returning the list alone would let the records' fields go untouched. The array holding
     * key and value goes to the blackhole per record, as raw's copy does; the numbers are summed and consumed once per
     * batch (ten blackhole calls per record would measure the blackhole).
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void engine(Cursor cursor, Blackhole blackhole) {
        List<StoredRecord> read = partition.read((long) cursor.next(batchStarts.length) * BATCH, BATCH, MAX_BYTES);
        long fields = 0;
        for (int i = 0; i < read.size(); i++) {
            StoredRecord record = read.get(i);
            fields += record.sizeInBytes() + record.offset() + record.timestamp() + record.headers().size()
                    + record.keyOffset() + record.keyLength() + record.valueOffset() + record.valueLength();
            blackhole.consume(record.array());
        }
        blackhole.consume(fields);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void raw(Cursor cursor, Blackhole blackhole) {
        ExcerptTailer tailer = cursor.tailer;
        tailer.moveToIndex(batchStarts[cursor.next(batchStarts.length)]);
        for (int i = 0; i < BATCH; i++) {
            try (DocumentContext document = tailer.readingDocument()) {
                Bytes<?> bytes = document.wire().bytes();
                byte[] copy = new byte[(int) bytes.readRemaining()];
                // One absolute bulk copy, as the engine copies a document: the relative read(byte[]) is slower.
                bytes.read(bytes.readPosition(), copy, 0, copy.length);
                blackhole.consume(copy);
            }
        }
    }
}
