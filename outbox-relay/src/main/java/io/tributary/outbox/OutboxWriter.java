package io.tributary.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes events to the outbox table in the caller's transaction (it uses the application's
 * {@link JdbcTemplate}, so it joins a {@code @Transactional} method's transaction): the event is published if
 * and only if that transaction commits.
 */
public final class OutboxWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;

    public OutboxWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the event; returns its id. */
    public UUID write(OutboxEvent event) {
        String headers;
        try {
            headers = event.headers().isEmpty() ? null : JSON.writeValueAsString(event.headers());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise headers of " + event.id(), e);
        }
        jdbc.update("INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, headers)"
                        + " VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb)",
                event.id(), event.aggregateType(), event.aggregateId(), event.type(), event.payload(), headers);
        return event.id();
    }

    /** Inserts an event with a random id; returns the id. */
    public UUID write(String aggregateType, String aggregateId, String type, String payloadJson) {
        return write(OutboxEvent.of(aggregateType, aggregateId, type, payloadJson));
    }
}
