package io.tributary.payments.messaging;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The order could not be charged. {@code reason}: {@code INSUFFICIENT_FUNDS}, {@code ACCOUNT_NOT_FOUND} or
 * {@code CURRENCY_MISMATCH}.
 */
public record PaymentFailed(String orderId, String customerId, BigDecimal amount, String currency, String reason,
        Instant occurredAt) {
}
