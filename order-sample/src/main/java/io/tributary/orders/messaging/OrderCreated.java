package io.tributary.orders.messaging;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** An order was placed and waits for its payment. Key: the order id. */
public record OrderCreated(String orderId, String customerId, BigDecimal amount, String currency, List<Item> items,
        Instant occurredAt) {

    /** One line of the order. */
    public record Item(String sku, int quantity) {
    }
}
