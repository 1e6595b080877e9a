package io.tributary.orders.messaging;

import io.tributary.client.ConsumerRecord;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Decodes the records of both topics by their {@code type} header into the event records of this package. */
public final class EventTypes {

    /** The record header carrying the event id (set by the outbox relay from the outbox row's id). */
    public static final String ID_HEADER = "id";
    /** The record header carrying the event type. */
    public static final String TYPE_HEADER = "type";

    private static final Map<String, Class<? extends Record>> TYPES = Map.of(
            "OrderCreated", OrderCreated.class,
            "OrderCancelled", OrderCancelled.class,
            "PaymentCompleted", PaymentCompleted.class,
            "PaymentFailed", PaymentFailed.class,
            "PaymentRefunded", PaymentRefunded.class);

    private EventTypes() {
    }

    /**
     * The event in the record, or empty when its type is not one of ours (a tolerant reader skips it).
     *
     * @throws IllegalArgumentException when the record has no id header or its payload does not parse
     */
    public static Optional<Record> decode(ConsumerRecord record, JsonMapper json) {
        String type = record.header(TYPE_HEADER).orElse("");
        Class<? extends Record> eventClass = TYPES.get(type);
        if (eventClass == null) {
            return Optional.empty();
        }
        String value = record.valueAsString();
        if (value == null) {
            throw new IllegalArgumentException(record + ": " + type + " without payload");
        }
        try {
            return Optional.of(json.readValue(value, eventClass));
        } catch (JacksonException e) {
            throw new IllegalArgumentException(record + ": unparseable " + type + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The event id of the record. @throws IllegalArgumentException when it has none */
    public static String id(ConsumerRecord record) {
        return record.header(ID_HEADER).orElseThrow(() -> new IllegalArgumentException(record + " has no id header"));
    }

    /**
     * The record decoded once, for a consumer's batch: never throws; a record without an id or whose payload does
     * not parse comes back with the problem.
     */
    public static Decoded decodeOnce(ConsumerRecord record, JsonMapper json) {
        try {
            return new Decoded(record, id(record), decode(record, json), null);
        } catch (IllegalArgumentException e) {
            return new Decoded(record, null, Optional.empty(), e.getMessage());
        }
    }

    /**
     * A decoded record: its event id and event (empty: not one of ours), or why it cannot be processed.
     *
     * @param problem set when the record cannot be processed (no id header, payload does not parse)
     */
    public record Decoded(ConsumerRecord record, @Nullable String id, Optional<Record> event, @Nullable String problem) {

        /** Whether it carries an event of ours with its id (neither a problem nor another type). */
        public boolean isEvent() {
            return id != null && event.isPresent();
        }
    }
}
