package io.tributary.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A record fetched by a {@link ConsumerGroupMember}.
 *
 * @param topic     the topic
 * @param partition the partition
 * @param offset    its offset in the partition
 * @param key       key bytes, or null
 * @param value     value bytes, or null
 * @param headers   headers in order
 * @param timestamp log-append time in epoch milliseconds
 */
public record ConsumerRecord(
        String topic,
        int partition,
        long offset,
        byte @Nullable [] key,
        byte @Nullable [] value,
        List<Header> headers,
        long timestamp) {

    public ConsumerRecord {
        headers = List.copyOf(headers);
    }

    /** The key decoded as UTF-8, or null. */
    public @Nullable String keyAsString() {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    /** The value decoded as UTF-8, or null. */
    public @Nullable String valueAsString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** The last header of that name, decoded as UTF-8. */
    public Optional<String> header(String name) {
        String found = null;
        for (Header header : headers) {
            if (header.name().equals(name)) {
                found = header.valueAsString();
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public String toString() {
        return "ConsumerRecord[" + topic + "/" + partition + "@" + offset + ", key " + keyAsString() + "]";
    }
}
