package io.tributary.platform.log;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A record to append: the engine assigns its offset and timestamp.
 *
 * @param key     key bytes, or null for no key
 * @param value   value bytes, or null (a tombstone)
 * @param headers headers in order, possibly with repeated names
 */
public record NewRecord(byte @Nullable [] key, byte @Nullable [] value, List<RecordHeader> headers) {

    public NewRecord {
        headers = List.copyOf(headers);
    }

    /** The bytes this record takes on the wire, as counted against {@code max.message.bytes}. */
    public int sizeInBytes() {
        int size = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (RecordHeader header : headers) {
            size += header.name().length() + header.value().length;
        }
        return size;
    }
}
