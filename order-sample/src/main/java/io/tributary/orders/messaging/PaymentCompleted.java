package io.tributary.orders.messaging;

import java.math.BigDecimal;
import java.time.Instant;

/** The payment service charged the order (from {@code payments.events}). */
public record PaymentCompleted(String orderId, String customerId, BigDecimal amount, String currency, Instant occurredAt)
        implements PaymentEvent {
}
