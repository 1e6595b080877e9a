package io.tributary.payments.messaging;

import java.math.BigDecimal;
import java.time.Instant;

/** The order was charged to the customer's account. */
public record PaymentCompleted(String orderId, String customerId, BigDecimal amount, String currency, Instant occurredAt) {
}
