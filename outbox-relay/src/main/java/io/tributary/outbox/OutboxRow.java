package io.tributary.outbox;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One row of the outbox table.
 *
 * @param id            the event id (header {@code id})
 * @param aggregateType routes the event to a topic
 * @param aggregateId   the record key: events of one aggregate stay in order in one partition
 * @param type          the event type (header {@code type})
 * @param payload       the record value, as PostgreSQL prints the jsonb (deterministic), or null
 * @param headers       extra record headers as a jsonb object, or null
 * @param position      commit order within the aggregate
 */
record OutboxRow(
        UUID id,
        String aggregateType,
        String aggregateId,
        String type,
        @Nullable String payload,
        @Nullable String headers,
        long position) {

    /** Approximate record bytes, for batch size limits. */
    int sizeInBytes() {
        return aggregateId.length() + (payload == null ? 0 : payload.length()) + (headers == null ? 0 : headers.length())
                + type.length() + 64;
    }
}
