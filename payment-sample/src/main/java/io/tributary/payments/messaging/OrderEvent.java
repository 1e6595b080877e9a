package io.tributary.payments.messaging;

/** The order events this service understands; anything else on {@code orders.events} is a poison message. */
public sealed interface OrderEvent permits OrderCreated, OrderCancelled {

    String orderId();
}
