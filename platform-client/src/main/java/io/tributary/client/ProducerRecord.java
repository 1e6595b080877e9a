package io.tributary.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A record to produce. Without a partition, a keyed record goes to {@code murmur2(key) % partitions}
 * as in Kafka, so all records of one key stay in order in one partition.
 *
 * @param topic     the topic to produce to
 * @param partition an explicit partition, or null to let the platform choose
 * @param key       key bytes, or null
 * @param value     value bytes, or null (a tombstone)
 * @param headers   headers in order
 */
public record ProducerRecord(
        String topic,
        @Nullable Integer partition,
        byte @Nullable [] key,
        byte @Nullable [] value,
        List<Header> headers) {

    public ProducerRecord {
        Objects.requireNonNull(topic, "topic");
        headers = List.copyOf(headers);
    }

    /** A record with a UTF-8 key and value and no headers. */
    public static ProducerRecord of(String topic, @Nullable String key, @Nullable String value) {
        return new ProducerRecord(topic, null, utf8(key), utf8(value), List.of());
    }

    /** This record with one more header. */
    public ProducerRecord withHeader(String name, String value) {
        List<Header> more = new ArrayList<>(headers);
        more.add(Header.of(name, value));
        return new ProducerRecord(topic, partition, key, value(), more);
    }

    /** This record sent to an explicit partition. */
    public ProducerRecord withPartition(int partition) {
        return new ProducerRecord(topic, partition, key, value, headers);
    }

    /** Bytes of key, value and headers: what counts against request and record size limits. */
    public int sizeInBytes() {
        int size = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (Header header : headers) {
            size += header.name().length() + header.value().length;
        }
        return size;
    }

    private static byte @Nullable [] utf8(@Nullable String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProducerRecord other
                && topic.equals(other.topic)
                && Objects.equals(partition, other.partition)
                && Arrays.equals(key, other.key)
                && Arrays.equals(value, other.value)
                && headers.equals(other.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, Arrays.hashCode(key), Arrays.hashCode(value), headers);
    }

    @Override
    public String toString() {
        return "ProducerRecord[" + topic + (partition == null ? "" : "/" + partition) + ", key "
                + (key == null ? "null" : new String(key, StandardCharsets.UTF_8)) + ", "
                + (value == null ? "null" : value.length + " bytes") + ", " + headers.size() + " headers]";
    }
}
