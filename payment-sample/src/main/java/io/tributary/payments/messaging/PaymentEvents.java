package io.tributary.payments.messaging;

import io.tributary.outbox.OutboxEvent;
import io.tributary.outbox.OutboxWriter;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes this service's events to the transactional outbox, in the caller's transaction: aggregate type
 * {@code payment} (routed to {@code payments.events}), aggregate id = the order id, so all payment events of one
 * order are keyed alike and stay in order. The relay adds headers {@code id} (the event id consumers de-duplicate
 * by) and {@code type}.
 */
@Component
public class PaymentEvents {

    static final String AGGREGATE_TYPE = "payment";

    private final OutboxWriter outbox;
    private final JsonMapper json;

    PaymentEvents(OutboxWriter outbox, JsonMapper json) {
        this.outbox = outbox;
        this.json = json;
    }

    public void paymentCompleted(PaymentCompleted event) {
        write(event.orderId(), event);
    }

    public void paymentFailed(PaymentFailed event) {
        write(event.orderId(), event);
    }

    public void paymentRefunded(PaymentRefunded event) {
        write(event.orderId(), event);
    }

    private void write(String orderId, Record event) {
        outbox.write(new OutboxEvent(UUID.randomUUID(), AGGREGATE_TYPE, orderId, event.getClass().getSimpleName(),
                json.writeValueAsString(event), Map.of()));
    }
}
