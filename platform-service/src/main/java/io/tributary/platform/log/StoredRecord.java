package io.tributary.platform.log;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A record read back from a partition.
 *
 * @param offset    its dense, 0-based position in the partition
 * @param timestamp log-append time in epoch milliseconds (non-decreasing within a partition)
 * @param producer  the idempotent-producer request that appended it, if any
 */
public record StoredRecord(
        long offset,
        long timestamp,
        byte @Nullable [] key,
        byte @Nullable [] value,
        List<RecordHeader> headers,
        @Nullable ProducerStamp producer) {

    /** Approximate bytes of payload, used to honour fetch byte limits. */
    public int sizeInBytes() {
        int size = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (RecordHeader header : headers) {
            size += header.name().length() + header.value().length;
        }
        return size;
    }
}
