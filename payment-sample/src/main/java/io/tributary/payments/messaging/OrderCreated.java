package io.tributary.payments.messaging;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An order was placed (from {@code orders.events}); the payment service charges the customer's account for it.
 * Only the fields this service reads: unknown fields are ignored (a tolerant reader).
 */
public record OrderCreated(String orderId, String customerId, BigDecimal amount, String currency,
        List<Item> items, Instant occurredAt) implements OrderEvent {

    /** One line of the order. */
    public record Item(String sku, int quantity) {
    }
}
