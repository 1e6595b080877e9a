package io.tributary.platform.log;

import java.util.Map;
import java.util.zip.CRC32C;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads valid records of one partition through one tailer: seeks an offset through the {@link OffsetIndex}
 * and skips (never returns) documents that fail their checksum. Not thread-safe: one reader at a time.
 *
 * <p>Every document is checked against its checksum except those at or after {@link #trustFrom}, the
 * Chronicle index of the first document the partition appended since it opened: those were written by
 * this process and are only parsed (see {@link RecordCodec} for why that is enough). A cursor starts
 * trusting nothing, which is what recovery needs.
 */
final class RecordCursor {

    private static final Logger log = LoggerFactory.getLogger(RecordCursor.class);

    final ExcerptTailer tailer;
    /** For callers that decode a copied document themselves ({@link RecordCodec#decode}). */
    final CRC32C crc = new CRC32C();
    private final RecordCodec codec = new RecordCodec();
    private final OffsetIndex index;
    private final String partitionName;
    /** Chronicle index of the document read last. */
    long lastReadIndex = -1;
    /** Documents at this Chronicle index or later are not checked against their checksum. */
    private long trustFrom = Long.MAX_VALUE;

    RecordCursor(ExcerptTailer tailer, OffsetIndex index, String partitionName) {
        this.tailer = tailer;
        this.index = index;
        this.partitionName = partitionName;
    }

    /**
     * Skips the checksum of documents at {@code chronicleIndex} or later from now on: the partition appended
     * them since it opened. {@link Long#MAX_VALUE} checks every document.
     */
    void trustFrom(long chronicleIndex) {
        trustFrom = chronicleIndex;
    }

    /** The first valid record with offset >= {@code offset} and < {@code end}, positioned after it. */
    @Nullable StoredRecord seek(long offset, long end) {
        Map.Entry<Long, Long> anchor = index.floorOrFirst(offset);
        if (anchor == null) {
            return null;
        }
        if (offset >= anchor.getKey()) {
            long guess = anchor.getValue() + (offset - anchor.getKey());
            if (tailer.moveToIndex(guess)) {
                StoredRecord record = next();
                if (record != null && record.offset() == offset && lastReadIndex == guess) {
                    return record;
                }
            }
        }
        // Unexpected gap (e.g. a skipped corrupt record): scan from the anchor and remember the way.
        if (!tailer.moveToIndex(anchor.getValue())) {
            throw new CorruptRecordException("Record index " + Long.toHexString(anchor.getValue()) + " of offset "
                    + anchor.getKey() + " is missing from " + partitionName);
        }
        long expectedIndex = anchor.getValue();
        while (true) {
            StoredRecord record = next();
            if (record == null || record.offset() >= end) {
                return null;
            }
            if (lastReadIndex != expectedIndex) {
                index.add(record.offset(), lastReadIndex);
            }
            expectedIndex = lastReadIndex + 1;
            if (record.offset() >= offset) {
                return record;
            }
        }
    }

    /** The next valid record, or null at the end of what is written. */
    @Nullable StoredRecord next() {
        while (true) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return null;
                }
                lastReadIndex = dc.index();
                StoredRecord record = codec.read(dc.wire().bytes(), lastReadIndex < trustFrom);
                if (record != null) {
                    return record;
                }
                log.debug("Skipping corrupt record at index {} of {}", Long.toHexString(lastReadIndex), partitionName);
            }
        }
    }
}
