package io.tributary.payments.messaging;

import java.math.BigDecimal;
import java.time.Instant;

/** An order was cancelled (from {@code orders.events}); if it was charged, the payment service refunds it. */
public record OrderCancelled(String orderId, String customerId, BigDecimal amount, String currency, Instant occurredAt)
        implements OrderEvent {
}
