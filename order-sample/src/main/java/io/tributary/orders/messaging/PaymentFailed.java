package io.tributary.orders.messaging;

import java.math.BigDecimal;
import java.time.Instant;

/** The payment service could not charge the order, e.g. {@code INSUFFICIENT_FUNDS} (from {@code payments.events}). */
public record PaymentFailed(String orderId, String customerId, BigDecimal amount, String currency, String reason,
        Instant occurredAt) implements PaymentEvent {
}
