package io.tributary.orders.order;

import jakarta.persistence.Embeddable;

/** One line of an order. */
@Embeddable
public record OrderItem(String sku, int quantity) {
}
