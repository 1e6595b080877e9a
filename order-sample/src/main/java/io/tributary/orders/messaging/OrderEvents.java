package io.tributary.orders.messaging;

import io.tributary.outbox.OutboxEvent;
import io.tributary.outbox.OutboxWriter;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes this service's events to the transactional outbox, in the caller's transaction: aggregate type
 * {@code order} (routed to {@code orders.events}), aggregate id = the <em>customer</em> id, which becomes the record key.
 * So a customer's events (of all its orders) stay in one partition and in commit order — an order's own events
 * among them — and payment-sample's consumer-group member that owns the partition is the only one locking that
 * customer's account. Keyed by order id, the members of a group took a batch's accounts in turns: with 200 customers
 * and three members, 80 % of payment-sample's statement time was the account lock waiting for another member's
 * transaction (pg_stat_statements, benchmarks/findings.md). Key by the entity the consumers write, not only the one
 * the event is about. The relay adds headers {@code id} (the event id consumers de-duplicate by) and {@code type}.
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
        write(event.customerId(), event);
    }

    public void orderCancelled(OrderCancelled event) {
        write(event.customerId(), event);
    }

    private void write(String customerId, Record event) {
        outbox.write(new OutboxEvent(UUID.randomUUID(), AGGREGATE_TYPE, customerId, event.getClass().getSimpleName(),
                json.writeValueAsString(event), Map.of()));
    }
}
