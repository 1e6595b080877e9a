package io.tributary.platform.log;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.DocumentContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition stored as one Chronicle Queue in {@code dataDir/<topic>/<partition>/}.
 *
 * <pre>
 * &lt;partition&gt;/
 *   metadata.cq4t             Chronicle's own table store (directory listing, write lock)
 *   20261126-01F.cq4          one file per roll cycle: Chronicle header + index + documents
 *   20261126-02F.cq4          ... one document per record, laid out by {@link RecordCodec}
 * </pre>
 *
 * Offsets live inside the records, dense from 0; {@link OffsetIndex} maps an offset to the Chronicle
 * index. At open, the first record of every cycle is read (anchors) and the tail is validated
 * backwards: the end offset is the last record with a valid checksum + 1, so a corrupt or torn tail is
 * never served nor counted, and new records continue after the last valid one.
 *
 * <p>Thread-safety: appends are serialised by {@code appendLock} (offset assignment and writing of a
 * whole batch), with one shared Chronicle appender whose single-thread check is off; the end offset is
 * published (volatile) only after the whole batch is written. Reads run concurrently with appends,
 * each on a tailer borrowed from a small pool, and never look past the published end. Reads share a
 * read-write {@code lifecycle} lock; retention (deleting files), re-opening and closing take it
 * exclusively <em>and</em> the append lock (and {@link GroupCommit}'s forcing lock), so no thread ever
 * touches memory Chronicle has unmapped while appends pay for one lock only. With {@link FlushPolicy#ALWAYS}
 * an append forces its records after leaving the append lock, sharing the force with the appends that
 * wrote meanwhile, and the end offset moves only over forced records.
 */
final class ChroniclePartitionLog implements PartitionLog {

    private static final Logger log = LoggerFactory.getLogger(ChroniclePartitionLog.class);
    /**
     * Chronicle's own default mapping chunk on 64-bit JVMs (64 MiB). A reader that moves out of a chunk nobody
     * else holds makes Chronicle unmap it and map the next, and every page of the new mapping faults again
     * when first read: with 8 MiB chunks that re-mapping was ~10 ns of a ~48 ns read of a 100-byte record
     * re-reading a 28 MB partition, against none for raw Chronicle with its default. Address space only: the
     * file stays sparse and only the pages touched are resident.
     */
    private static final long MIN_BLOCK_SIZE = 64L << 20;
    /** Room for Chronicle's own header of a document within a quarter block. */
    private static final int DOCUMENT_MARGIN = 1024;
    /** Attempts to take the append lock before parking (a few microseconds). */
    private static final int APPEND_LOCK_SPINS = 100;

    private final ChronicleTopicLog topic;
    private final int partition;
    private final Path dir;
    private final Clock clock;
    /** Chronicle's time: {@link #writeBatch} pins the batch's timestamp in it (see {@link ClockTimeProvider}). */
    private final ClockTimeProvider time;
    private final FlushPolicy flush;
    private final AppendListener listener;
    private final FreeSpace freeSpace;
    private final net.openhft.chronicle.queue.RollCycle rollCycle;

    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final ReentrantLock appendLock = new ReentrantLock();
    private final OffsetIndex index = new OffsetIndex();
    private final CursorPool cursors;
    /** Bytes used per cycle file (see {@link #sizeInBytes()}); added to and switched under appendLock. */
    private final CycleSizes cycleSizes = new CycleSizes();

    // Replaced only under the exclusive lifecycle lock and appendLock.
    private SingleChronicleQueue queue;
    /** Created by the first append after the queue opened ({@link #ensureAppender()}); null until then. */
    private @Nullable ExcerptAppender appender;
    private long maxDocumentBytes;
    private volatile boolean closed;

    // Guarded by appendLock.
    private final RecordCodec encoder = new RecordCodec();
    private long nextOffset;
    /** Written under appendLock before endOffset publishes the records; read without it by offsetForTimestamp. */
    private volatile long lastTimestamp;
    private long lastIndex = -1;
    /** Forces appended records to the device, several appends at once, for {@link FlushPolicy#ALWAYS}. */
    private final GroupCommit commits;

    private volatile long endOffset;
    private volatile long beginningOffset;
    /**
     * Chronicle index of the first document appended since the partition opened, {@link Long#MAX_VALUE}
     * until then. Documents from there on were written by this process: reads skip their checksum (see
     * {@link RecordCodec}); everything before it was in the files at open and is checked on every read.
     * Set once, under appendLock; a reader that sees it late only checks more.
     */
    private volatile long firstOwnIndex = Long.MAX_VALUE;

    ChroniclePartitionLog(ChronicleTopicLog topic, int partition, Path dir, PartitionEnvironment environment) {
        this.topic = topic;
        this.partition = partition;
        this.dir = dir;
        this.clock = environment.clock();
        this.time = new ClockTimeProvider(clock);
        this.flush = environment.flush();
        this.listener = environment.listener();
        this.freeSpace = environment.freeSpace();
        this.rollCycle = ChronicleRollCycles.of(topic.config().rollCycle());
        this.commits = new GroupCommit(dir);
        this.cursors = new CursorPool(() -> this.queue, index, topic.name() + "-" + partition);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LogStorageException("Cannot create " + dir + ": " + e.getMessage(), e);
        }
        openQueue(blockSizeFor(topic.config().maxMessageBytes()));
        try {
            recover();
        } catch (RuntimeException e) {
            closeQueue();
            throw e;
        }
    }

    @Override
    public String topic() {
        return topic.name();
    }

    @Override
    public int partition() {
        return partition;
    }

    @Override
    public long beginningOffset() {
        return beginningOffset;
    }

    @Override
    public long endOffset() {
        return endOffset;
    }

    /** Bytes used by the partition's cycle files, within one record of the truth (see {@link CycleSizes}). */
    @Override
    public long sizeInBytes() {
        return cycleSizes.total();
    }

    // ---------------------------------------------------------------------------------------------
    // Append

    @Override
    public long append(List<NewRecord> records, @Nullable ProducerStamp producer) {
        Objects.requireNonNull(records, "records");
        int maxMessageBytes = topic.config().maxMessageBytes();
        long largest = 0;
        long total = 0;
        for (int i = 0; i < records.size(); i++) {
            NewRecord record = records.get(i);
            if (record.sizeInBytes() > maxMessageBytes) {
                throw new RecordTooLargeException("Record of " + record.sizeInBytes() + " bytes is larger than "
                        + TopicConfig.MAX_MESSAGE_BYTES + " (" + maxMessageBytes + ") of topic " + topic.name());
            }
            long size = RecordCodec.encodedSize(record, producer);
            largest = Math.max(largest, size);
            total += size;
        }
        // Before the lock: measuring the disk (a statfs now and then) must not hold up the partition's other appends.
        freeSpace.reserve(total);
        long first;
        long end;
        // Cycle files this batch writes into, to be forced before it is acknowledged; null: not forced.
        List<File> touched = flush == FlushPolicy.ALWAYS ? new ArrayList<>(1) : null;
        lockForAppend();
        try {
            ensureOpen();
            if (largest > maxDocumentBytes) {
                throw new RecordTooLargeException("Record of " + largest + " bytes with its headers is larger than "
                        + maxDocumentBytes + " bytes this partition can store");
            }
            if (records.isEmpty()) {
                return endOffset;
            }
            first = nextOffset;
            try {
                ensureAppender();
                writeBatch(records, producer, touched);
            } finally {
                // Publish whatever was written, even if the batch failed half-way: those records are
                // in the file with their offsets, and the next batch must not reuse them. Forced records
                // are published once on the device, by whichever append forces them.
                end = nextOffset;
                if (touched == null) {
                    endOffset = end;
                } else {
                    commits.written(end, touched);
                }
            }
        } finally {
            appendLock.unlock();
        }
        if (touched != null) {
            // Outside the append lock, so the appends that write meanwhile share the next force.
            commits.awaitForced(end, () -> endOffset, forced -> endOffset = forced, this::ensureOpen);
        }
        // No lock held: a slow listener delays only this appender.
        listener.appended(topic.name(), partition, end);
        return first;
    }

    /**
     * Takes the append lock, spinning briefly first. A one-record append holds it for about a microsecond:
     * an appender that parked instead would make every unlock wake it (a system call) only to find the
     * lock taken again, and two busy appenders would spend most of their time in the scheduler.
     */
    private void lockForAppend() {
        for (int spin = 0; spin < APPEND_LOCK_SPINS; spin++) {
            if (appendLock.tryLock()) {
                return;
            }
            Thread.onSpinWait();
        }
        appendLock.lock();
    }

    private void writeBatch(List<NewRecord> records, @Nullable ProducerStamp producer, @Nullable List<File> touched) {
        // Log-append time, never going backwards, so offsetForTimestamp can binary search.
        long timestamp = Math.max(lastTimestamp, clock.millis());
        lastTimestamp = timestamp;
        int batchCycle = Integer.MIN_VALUE;
        long batchBytes = 0;
        // Chronicle's roll-cycle check of every document of the batch gets this time instead of reading the clock again.
        time.pin(timestamp);
        try {
            for (int i = 0; i < records.size(); i++) {
                long length;
                try (DocumentContext dc = appender.writingDocument()) {
                    try {
                        length = encoder.write(dc.wire().bytes(), nextOffset, timestamp, records.get(i), producer);
                    } catch (RuntimeException e) {
                        dc.rollbackOnClose();
                        throw e;
                    } catch (InternalError e) {
                        // A fault on a mapped page (SIGBUS: the disk filled up despite FreeSpace, or the file
                        // shrank): the document is half written, so it must not be published (reads trust it).
                        dc.rollbackOnClose();
                        throw new LogStorageException("Writing to " + dir + " failed (is the disk full?): " + e.getMessage(), e);
                    }
                }
                long chronicleIndex = appender.lastIndexAppended();
                if (firstOwnIndex == Long.MAX_VALUE) {
                    firstOwnIndex = chronicleIndex;
                }
                if (lastIndex < 0 || chronicleIndex != lastIndex + 1) {
                    index.add(nextOffset, chronicleIndex);
                }
                lastIndex = chronicleIndex;
                nextOffset++;
                int cycle = rollCycle.toCycle(chronicleIndex);
                if (cycle != batchCycle) {
                    batchCycle = cycle;
                    if (!cycleSizes.isLive(cycle)) {
                        cycleSizes.addToLive(batchBytes);
                        batchBytes = 0;
                        cycleSizes.switchLive(cycle, queue);
                    }
                    if (touched != null) {
                        touched.add(appender.currentFile());
                    }
                }
                batchBytes += 4 + length;
            }
        } finally {
            time.unpin();
            cycleSizes.addToLive(batchBytes);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Read

    @Override
    public List<StoredRecord> read(long fromOffset, int maxRecords, long maxBytes) {
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            long end = endOffset;
            checkRange(fromOffset, end);
            if (fromOffset == end || maxRecords <= 0) {
                return List.of();
            }
            RecordCursor cursor = borrowCursor();
            try {
                StoredRecord first = cursor.seek(fromOffset, end);
                if (first == null) {
                    return List.of();
                }
                List<StoredRecord> records = new ArrayList<>((int) Math.min(maxRecords, Math.min(end - fromOffset, 512)));
                records.add(first);
                long bytes = first.sizeInBytes();
                while (records.size() < maxRecords) {
                    StoredRecord next = cursor.next();
                    if (next == null || next.offset() >= end) {
                        break;
                    }
                    bytes += next.sizeInBytes();
                    if (bytes > maxBytes) {
                        break;
                    }
                    records.add(next);
                }
                return records;
            } finally {
                cursors.giveBack(cursor);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public long offsetForTimestamp(long timestampMs) {
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            long end = endOffset;
            long low = beginningOffset;
            long high = end;
            // Read after endOffset, so it is at least the timestamp of the record before end: when it is older
            // than asked, no record is read (a restart asks this of every partition, mostly idle ones).
            if (low == high || timestampMs > lastTimestamp) {
                return end;
            }
            RecordCursor cursor = borrowCursor();
            try {
                // Timestamps are non-decreasing with the offset: find the first one >= timestampMs.
                while (low < high) {
                    long mid = low + (high - low) / 2;
                    StoredRecord record = cursor.seek(mid, end);
                    if (record != null && record.timestamp() < timestampMs) {
                        low = record.offset() + 1;
                    } else {
                        high = mid;
                    }
                }
                return low;
            } finally {
                cursors.giveBack(cursor);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public void releaseIdleReaders() {
        lifecycle.readLock().lock();
        try {
            if (!closed) {
                cursors.close(); // only idle ones: a borrowed tailer is not in the pool until it is given back
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void checkRange(long offset, long end) {
        long beginning = beginningOffset;
        if (offset < beginning || offset > end) {
            throw new OffsetOutOfRangeException("Offset " + offset + " is out of range [" + beginning + ", " + end
                    + "] of " + topic.name() + "-" + partition);
        }
    }

    private RecordCursor borrowCursor() {
        RecordCursor cursor = cursors.borrow();
        cursor.trustFrom(firstOwnIndex);
        return cursor;
    }

    // ---------------------------------------------------------------------------------------------
    // Retention

    /**
     * Deletes closed cycle files (never the newest one, which is or will be written to) that are older
     * than {@code retention.ms}, then, oldest first, while the partition is larger than
     * {@code retention.bytes}.
     */
    RetentionReport enforceRetention(TopicConfig config, long nowMs) {
        if (config.retentionMs() < 0 && config.retentionBytes() < 0) {
            return RetentionReport.NOTHING;
        }
        List<Integer> doomed;
        lifecycle.readLock().lock();
        try {
            if (closed) {
                return RetentionReport.NOTHING;
            }
            doomed = RetentionPlan.cyclesToDelete(queue, rollCycle, cycleSizes::of, config, nowMs);
        } finally {
            lifecycle.readLock().unlock();
        }
        if (doomed.isEmpty()) {
            return RetentionReport.NOTHING;
        }
        lockExclusively();
        try {
            if (closed) {
                return RetentionReport.NOTHING;
            }
            return deleteCycles(doomed);
        } finally {
            unlockExclusively();
        }
    }

    private RetentionReport deleteCycles(List<Integer> cycles) {
        // Idle cursors' tailers may hold a cycle's mapping; they are all idle, and so is the appender (we hold both locks).
        cursors.close();
        int files = 0;
        long bytes = 0;
        for (int cycle : cycles) {
            SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
            if (store == null) {
                cycleSizes.forget(cycle);
                continue;
            }
            File file = store.file();
            queue.closeStore(store);
            try {
                if (Files.deleteIfExists(file.toPath())) {
                    files++;
                    bytes += cycleSizes.of(cycle);
                }
                cycleSizes.forget(cycle);
            } catch (IOException e) {
                log.warn("Retention could not delete {}: {}", file, e.toString());
                break;
            }
        }
        queue.refreshDirectoryListing();
        long beginning = index.firstOffsetFromCycle(queue.firstCycle(), rollCycle);
        long newBeginning = beginning < 0 ? endOffset : beginning;
        index.removeBefore(newBeginning);
        beginningOffset = Math.max(beginningOffset, newBeginning);
        if (files > 0) {
            log.info("Retention deleted {} file(s), {} bytes of {}-{}; offsets now start at {}", files, bytes,
                    topic.name(), partition, beginningOffset);
        }
        return new RetentionReport(files, bytes);
    }

    // ---------------------------------------------------------------------------------------------
    // Open, recover, close

    private static long blockSizeFor(int maxMessageBytes) {
        // Chronicle refuses a document larger than a quarter of its block (mapping chunk).
        long needed = 4L * (maxMessageBytes + 64L * 1024);
        return Math.max(MIN_BLOCK_SIZE, Long.highestOneBit(needed - 1) << 1);
    }

    private void openQueue(long blockSize) {
        queue = PartitionQueues.open(dir, rollCycle, time, flush, blockSize, topic.name() + "-" + partition);
        appender = null;
        maxDocumentBytes = queue.blockSize() / 4 - DOCUMENT_MARGIN;
    }

    /**
     * Creates the appender on the first append, not at open: a Chronicle appender maps the newest cycle file
     * when it is created and keeps it mapped, so creating it at open cost every partition start-up time and
     * resident memory, also one that is never appended to again. Called under {@code appendLock}.
     */
    private void ensureAppender() {
        if (appender == null) {
            ExcerptAppender created = queue.createAppender();
            // One appender shared by all appending threads, always under appendLock.
            created.singleThreadedCheckDisabled(true);
            appender = created;
        }
    }

    /** Rebuilds anchors, cycle sizes and the offsets from the files. */
    private void recover() {
        Map<Integer, Long> sizes = new HashMap<>();
        PartitionRecovery.Recovered recovered = new PartitionRecovery(queue, rollCycle, index, topic.name() + "-" + partition)
                .recover(sizes);
        cycleSizes.putRecovered(sizes);
        nextOffset = recovered.nextOffset();
        lastTimestamp = recovered.lastTimestamp();
        lastIndex = recovered.lastIndex();
        endOffset = nextOffset;
        beginningOffset = index.isEmpty() ? nextOffset : Math.min(index.firstOffset(), nextOffset);
    }

    /** Re-opens the queue with larger blocks when max.message.bytes grew past what it can store. */
    void ensureCapacityFor(int maxMessageBytes) {
        long blockSize = blockSizeFor(maxMessageBytes);
        lockExclusively();
        try {
            if (closed || blockSize <= queue.blockSize()) {
                return;
            }
            closeQueue();
            openQueue(blockSize);
        } finally {
            unlockExclusively();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new LogClosedException("Partition " + topic.name() + "-" + partition + " is closed");
        }
    }

    /** Closes the files; waits for appends and reads in progress. Idempotent. */
    void close() {
        lockExclusively();
        try {
            if (closed) {
                return;
            }
            closed = true;
            closeQueue();
        } finally {
            unlockExclusively();
        }
    }

    /** Excludes reads (lifecycle lock), appends (append lock) and forces, which hold one each. */
    private void lockExclusively() {
        lifecycle.writeLock().lock();
        appendLock.lock();
        commits.lockForcing();
    }

    private void unlockExclusively() {
        commits.unlockForcing();
        appendLock.unlock();
        lifecycle.writeLock().unlock();
    }

    private void closeQueue() {
        cursors.close();
        commits.closeFiles();
        if (appender != null) {
            appender.close();
            appender = null;
        }
        queue.close();
    }

    GroupCommit groupCommit() {
        return commits;
    }

    @Override
    public String toString() {
        return "PartitionLog[" + topic.name() + "-" + partition + ", " + beginningOffset + ".." + endOffset + "]";
    }
}
