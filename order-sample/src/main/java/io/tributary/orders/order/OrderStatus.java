package io.tributary.orders.order;

/**
 * Where an order stands in the saga: {@code PENDING -> APPROVED | REJECTED | CANCELLED}, {@code APPROVED -> CANCELLED}.
 * {@code REJECTED} and {@code CANCELLED} are final.
 */
public enum OrderStatus {
    PENDING, APPROVED, REJECTED, CANCELLED
}
