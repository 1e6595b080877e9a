package io.tributary.orders.messaging;

import java.math.BigDecimal;
import java.time.Instant;

/** The payment service refunded a cancelled order (from {@code payments.events}). */
public record PaymentRefunded(String orderId, String customerId, BigDecimal amount, String currency, Instant occurredAt)
        implements PaymentEvent {
}
