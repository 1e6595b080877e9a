package io.tributary.outbox;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An event to write to the outbox: published to the topic of {@code aggregateType}, keyed by
 * {@code aggregateId}, with headers {@code id}, {@code type} and {@code headers}.
 *
 * @param id            the event id (consumers de-duplicate by it)
 * @param aggregateType what kind of aggregate changed, e.g. {@code order}; routes to a topic
 * @param aggregateId   which one; events of one aggregate are published in commit order
 * @param type          the event type, a past-tense fact such as {@code OrderCreated}
 * @param payload       the event as JSON text, or null
 * @param headers       extra record headers
 */
public record OutboxEvent(UUID id, String aggregateType, String aggregateId, String type, @Nullable String payload,
        Map<String, String> headers) {

    public OutboxEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(aggregateType, "aggregateType");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(type, "type");
        headers = Map.copyOf(headers);
    }

    /** An event with a random id and no extra headers. */
    public static OutboxEvent of(String aggregateType, String aggregateId, String type, @Nullable String payload) {
        return new OutboxEvent(UUID.randomUUID(), aggregateType, aggregateId, type, payload, Map.of());
    }
}
