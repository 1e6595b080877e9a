package io.tributary.payments.messaging;

import java.math.BigDecimal;
import java.time.Instant;

/** A charged order was cancelled and its amount returned to the account (the saga's compensation). */
public record PaymentRefunded(String orderId, String customerId, BigDecimal amount, String currency, Instant occurredAt) {
}
