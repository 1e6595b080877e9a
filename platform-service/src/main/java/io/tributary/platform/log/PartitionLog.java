package io.tributary.platform.log;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One partition: an append-only log of records with dense offsets starting at 0.
 *
 * <p>Invariant: offsets are dense and assigned in append order; {@code beginningOffset() <= endOffset()};
 * the end offset only grows (also across restarts), the beginning moves forward only when retention
 * deletes a whole file. Appends are serialised per partition; reads run concurrently with appends.
 */
public interface PartitionLog {

    String topic();

    int partition();

    /**
     * Appends the records as one batch with contiguous offsets. When this returns, the records are in
     * the memory-mapped file (they survive a process crash) and, with {@link FlushPolicy#ALWAYS}, on disk.
     *
     * @param producer stored with each record, or null
     * @return the offset of the first record
     * @throws RecordTooLargeException if any record exceeds {@code max.message.bytes}; nothing is appended
     * @throws InsufficientStorageException if the records would leave less free disk space than the store's floor;
     *                                      nothing is appended
     */
    long append(List<NewRecord> records, @Nullable ProducerStamp producer);

    /** The first offset still stored (0 until retention deletes a file). */
    long beginningOffset();

    /** The offset the next record will get; also the count of records ever appended. */
    long endOffset();

    /**
     * Reads records from {@code fromOffset} onwards: at most {@code maxRecords}, and stopping before the
     * record that would take the total past {@code maxBytes} — except that the first record is always
     * returned, so a reader can make progress past a record larger than its limit.
     *
     * @return records in offset order; empty when {@code fromOffset == endOffset()}
     * @throws OffsetOutOfRangeException if {@code fromOffset} is before the beginning or after the end
     */
    List<StoredRecord> read(long fromOffset, int maxRecords, long maxBytes);

    /** The first offset whose timestamp is at or after {@code timestampMs}, or {@link #endOffset()} if none. */
    long offsetForTimestamp(long timestampMs);

    /** Bytes the partition takes on disk (closed and current files). */
    long sizeInBytes();

    /**
     * Lets go of the readers kept idle for the next read, and of the file mappings they hold; the next read opens
     * one again. For a one-off pass over many partitions (a restart's rebuild), which would otherwise leave a
     * mapped reader behind in every partition it touched.
     */
    void releaseIdleReaders();
}
