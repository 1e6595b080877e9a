package io.tributary.orders.messaging;

import java.math.BigDecimal;
import java.time.Instant;

/** The payment service's events, as this service reads them (a tolerant reader: unknown fields are ignored). */
public sealed interface PaymentEvent permits PaymentCompleted, PaymentFailed, PaymentRefunded {

    String orderId();

    String customerId();

    BigDecimal amount();

    String currency();

    Instant occurredAt();
}
