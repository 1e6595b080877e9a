package io.tributary.orders.order;

/** No order with that id (answered with 404). */
public final class OrderNotFoundException extends RuntimeException {

    OrderNotFoundException(String id) {
        super("Order " + id + " not found");
    }
}
