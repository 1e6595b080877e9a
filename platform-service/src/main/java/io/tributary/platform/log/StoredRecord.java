package io.tributary.platform.log;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A record read back from a partition.
 *
 * <p>Key and value are slices of a larger array: a read copies each stored document out of the mapped file once,
 * into an array of its own, and the record points into it instead of copying its key and value out again.
 * {@link #key()} and {@link #value()} hand out copies a caller may keep and change; a hot consumer (a fetch
 * rendering base64 or JSON) reads the slice where it is through {@link #array()}, {@link #valueOffset()} and
 * {@link #valueLength()} (the same for the key) and must not change it. Equality compares the bytes, not the arrays.
 */
public final class StoredRecord {

    /** The length of an absent key or value (a null key, a tombstone). */
    public static final int ABSENT = -1;
    private static final byte[] EMPTY = new byte[0];

    private final long offset;
    private final long timestamp;
    /** Holds the key and the value (a read's copy of the stored document). */
    private final byte[] bytes;
    private final int keyOffset;
    private final int keyLength;
    private final int valueOffset;
    private final int valueLength;
    private final List<RecordHeader> headers;
    private final @Nullable ProducerStamp producer;

    /**
     * A record with a copy of the key and value.
     *
     * @param offset    its dense, 0-based position in the partition
     * @param timestamp log-append time in epoch milliseconds (non-decreasing within a partition)
     * @param producer  the idempotent-producer request that appended it, if any
     */
    public StoredRecord(long offset, long timestamp, byte @Nullable [] key, byte @Nullable [] value,
            List<RecordHeader> headers, @Nullable ProducerStamp producer) {
        this(offset, timestamp, concat(key, value), 0, key == null ? ABSENT : key.length, key == null ? 0 : key.length,
                value == null ? ABSENT : value.length, headers, producer);
    }

    /** A record whose key and value are slices ({@link #ABSENT} length: none) of {@code bytes}, which it keeps. */
    StoredRecord(long offset, long timestamp, byte[] bytes, int keyOffset, int keyLength, int valueOffset,
            int valueLength, List<RecordHeader> headers, @Nullable ProducerStamp producer) {
        this.offset = offset;
        this.timestamp = timestamp;
        this.bytes = bytes;
        this.keyOffset = keyOffset;
        this.keyLength = keyLength;
        this.valueOffset = valueOffset;
        this.valueLength = valueLength;
        this.headers = Objects.requireNonNull(headers, "headers");
        this.producer = producer;
    }

    /** Its dense, 0-based position in the partition. */
    public long offset() {
        return offset;
    }

    /** Log-append time in epoch milliseconds (non-decreasing within a partition). */
    public long timestamp() {
        return timestamp;
    }

    /** A copy of the key, or null when it has none. */
    public byte @Nullable [] key() {
        return copy(keyOffset, keyLength);
    }

    /** A copy of the value, or null for a tombstone. */
    public byte @Nullable [] value() {
        return copy(valueOffset, valueLength);
    }

    /**
     * The array holding key and value at {@link #keyOffset()} and {@link #valueOffset()}, with other bytes around them:
     * read it, never change it.
     */
    public byte[] array() {
        return bytes;
    }

    public int keyOffset() {
        return keyOffset;
    }

    /** The key's length, or {@link #ABSENT}. */
    public int keyLength() {
        return keyLength;
    }

    public int valueOffset() {
        return valueOffset;
    }

    /** The value's length, or {@link #ABSENT} for a tombstone. */
    public int valueLength() {
        return valueLength;
    }

    /** Headers in order, possibly with repeated names. */
    public List<RecordHeader> headers() {
        return headers;
    }

    /** The idempotent-producer request that appended it, if any. */
    public @Nullable ProducerStamp producer() {
        return producer;
    }

    /** Approximate bytes of payload, used to honour fetch byte limits. */
    public int sizeInBytes() {
        int size = Math.max(keyLength, 0) + Math.max(valueLength, 0);
        for (int i = 0; i < headers.size(); i++) {
            RecordHeader header = headers.get(i);
            size += header.name().length() + header.value().length;
        }
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredRecord other && offset == other.offset && timestamp == other.timestamp
                && sameSlice(bytes, keyOffset, keyLength, other.bytes, other.keyOffset, other.keyLength)
                && sameSlice(bytes, valueOffset, valueLength, other.bytes, other.valueOffset, other.valueLength)
                && headers.equals(other.headers) && Objects.equals(producer, other.producer);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(offset) * 31 + Long.hashCode(timestamp);
    }

    @Override
    public String toString() {
        return "StoredRecord[offset=" + offset + ", timestamp=" + timestamp + ", key=" + describe(keyLength)
                + ", value=" + describe(valueLength) + ", headers=" + headers + ", producer=" + producer + "]";
    }

    private byte @Nullable [] copy(int offset, int length) {
        return length == ABSENT ? null : Arrays.copyOfRange(bytes, offset, offset + length);
    }

    private static byte[] concat(byte @Nullable [] key, byte @Nullable [] value) {
        if (value == null) {
            return key == null ? EMPTY : key.clone();
        }
        if (key == null) {
            return value.clone();
        }
        byte[] both = Arrays.copyOf(key, key.length + value.length);
        System.arraycopy(value, 0, both, key.length, value.length);
        return both;
    }

    private static boolean sameSlice(byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength) {
        if (aLength == ABSENT || bLength == ABSENT) {
            return aLength == bLength;
        }
        return Arrays.equals(a, aOffset, aOffset + aLength, b, bOffset, bOffset + bLength);
    }

    private static String describe(int length) {
        return length == ABSENT ? "null" : length + " bytes";
    }
}
