package io.tributary.orders.messaging;

import io.tributary.outbox.OutboxEvent;
import io.tributary.outbox.OutboxWriter;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes this service's events to the transactional outbox, in the caller's transaction: aggregate type
 * {@code order} (routed to {@code orders.events}), aggregate id = the order id, which becomes the record key, so
 * the events of one order stay in one partition and in commit order. The relay adds headers {@code id} (the
 * event id consumers de-duplicate by) and {@code type}.
 */
@Component
public class OrderEvents {

    static final String AGGREGATE_TYPE = "order";

    private final OutboxWriter outbox;
    private final JsonMapper json;

    OrderEvents(OutboxWriter outbox, JsonMapper json) {
        this.outbox = outbox;
        this.json = json;
    }

    public void orderCreated(OrderCreated event) {
        write(event.orderId(), event);
    }

    public void orderCancelled(OrderCancelled event) {
        write(event.orderId(), event);
    }

    private void write(String orderId, Record event) {
        outbox.write(new OutboxEvent(UUID.randomUUID(), AGGREGATE_TYPE, orderId, event.getClass().getSimpleName(),
                json.writeValueAsString(event), Map.of()));
    }
}
