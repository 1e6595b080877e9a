package io.tributary.payments.payment;

/** Where a payment stands: {@code COMPLETED -> REFUNDED}; {@code FAILED} is final. */
public enum PaymentStatus {
    COMPLETED, FAILED, REFUNDED
}
