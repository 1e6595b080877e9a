package io.tributary.orders.messaging;

import java.math.BigDecimal;
import java.time.Instant;

/** An order was cancelled by the customer; a charged order is refunded by the payment service (compensation). */
public record OrderCancelled(String orderId, String customerId, BigDecimal amount, String currency, Instant occurredAt) {
}
